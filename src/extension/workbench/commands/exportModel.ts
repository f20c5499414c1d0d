import path from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_FORMATS } from '../../../core/names';
import { experimentAt } from '../pick/experiments';
import { folderFor } from '../pick/workspace';
import { reportError } from '../reportError';
import { allowedToRun } from '../trust';
import { EXPORT_CHOICES, exportArgs } from './cliArgs';
import type { ExportFormat } from './cliArgs';
import { logCliOutput, runCliCommand } from './cliJob';
import { chooseCheckpoint } from './checkpointTarget';
import type { CommandContext } from './context';

// Export Model: `train-studio export` writes an ONNX model or a TensorRT engine into the experiment's
// export/ folder. A trainer without that command says so, and the user is told plainly.

const RECORDED_AS: Readonly<Record<ExportFormat, (typeof EXPORT_FORMATS)[keyof typeof EXPORT_FORMATS]>> = {
  onnx: EXPORT_FORMATS.onnx,
  tensorrt: EXPORT_FORMATS.tensorrt,
};

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    Object.entries(EXPORT_CHOICES).map(([format, choice]) => ({
      label: choice.label,
      detail: choice.detail,
      format: format as ExportFormat,
    })),
    { title: 'Export Model', placeHolder: 'The format to export to' },
  );
  return picked?.format;
}

export async function exportModel(context: CommandContext, argument: unknown): Promise<string | undefined> {
  if (!allowedToRun('export models')) return undefined;
  const chosen = await chooseCheckpoint(context, argument, { title: 'Export Model', refuseLive: true });
  if (!chosen) return undefined;
  const format = await pickFormat();
  if (format === undefined) return undefined;
  const { experiment, checkpoint } = chosen;
  const name = experiment.info.experiment_name;
  const result = await runCliCommand(context, {
    args: exportArgs(experiment.dir, format, checkpoint),
    cwd: folderFor(experiment.dir).uri.fsPath,
    title: `Exporting ${name} (${checkpoint}) to ${EXPORT_CHOICES[format].label}`,
    cancellable: true,
  });
  if (!result) return undefined;
  logCliOutput(context, result);
  const recorded = experimentAt(experiment.dir, context.runs).info.export[RECORDED_AS[format]];
  const file = recorded === undefined ? undefined : path.join(experiment.dir, recorded);
  const reveal = 'Reveal';
  void vscode.window
    .showInformationMessage(`Exported ${name} to ${EXPORT_CHOICES[format].label}.`, ...(file ? [reveal] : []))
    .then((choice) =>
      choice === reveal && file
        ? vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(file))
        : undefined,
    )
    .then(undefined, (error: unknown) => reportError(context.host.output, 'Reveal the export', error));
  return file;
}
