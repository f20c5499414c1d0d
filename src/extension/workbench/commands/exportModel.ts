import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_FORMATS } from '../../../core/names';
import { ExportManifest } from '../../../core/schemas';
import { EXPERIMENT_FOLDERS, EXPORT_FILES } from '../../../trainapp/experiments/layout';
import { formatDifference } from '../../../trainapp/export/formatDifference';
import { experimentAt } from '../pick/experiments';
import { folderFor } from '../pick/workspace';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import { EXPORT_CHOICES, exportArgs } from './cliArgs';
import type { ExportFormat } from './cliArgs';
import { logCliOutput, runCliCommand } from './cliJob';
import { chooseCheckpoint } from './checkpointTarget';
import type { CommandContext } from './context';
import { notifyDone, revealAction } from './notifyDone';

// Export Model: `train-studio export` writes an ONNX model or a TensorRT engine into the experiment's
// export/ folder, with classes.json beside it. The CLI's own words tell why an export failed (trtexec not on
// PATH, a damaged checkpoint); a trainer without that command says so, and the user is told plainly.

/**
 * The format a caller named in the argument, beside the tree's fields (`{experimentDir, format: 'onnx'}`), as
 * Convert Dataset takes `to`; undefined when none was named, and the user picks one.
 */
function formatOf(argument: unknown): ExportFormat | undefined {
  if (typeof argument !== 'object' || argument === null || !('format' in argument)) return undefined;
  const { format } = argument;
  if (typeof format === 'string' && Object.hasOwn(EXPORT_CHOICES, format)) return format as ExportFormat;
  throw new UserError(`Cannot export to ${JSON.stringify(format)}.`, 'Export to onnx or tensorrt.');
}

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

/** How far ONNX Runtime was from tfjs on the checkpoint, as classes.json records it; empty when it does not. */
function parityNote(experimentDir: string, checkpoint: string): string {
  const file = path.join(experimentDir, EXPERIMENT_FOLDERS.export, EXPORT_FILES.manifest);
  try {
    const manifest = ExportManifest.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    const { onnx } = manifest;
    if (!onnx || manifest.checkpoint !== checkpoint) return '';
    return ` ONNX Runtime matches tfjs within ${formatDifference(onnx.max_abs_diff)} on ${String(onnx.parity_images)} image(s).`;
  } catch {
    return '';
  }
}

export async function exportModel(context: CommandContext, argument: unknown): Promise<string | undefined> {
  if (!allowedToRun('export models')) return undefined;
  const named = formatOf(argument);
  const chosen = await chooseCheckpoint(context, argument, { title: 'Export Model', refuseLive: true });
  if (!chosen) return undefined;
  const format = named ?? (await pickFormat());
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
  const recorded = experimentAt(experiment.dir, context.runs).info.export[EXPORT_FORMATS[format]];
  const file = recorded === undefined ? undefined : path.join(experiment.dir, recorded);
  const message = `Exported ${name} (${checkpoint}) to ${EXPORT_CHOICES[format].label}${recorded ? `: ${recorded}` : ''}.`;
  notifyDone(
    context,
    `${message}${parityNote(experiment.dir, checkpoint)}`,
    file ? revealAction('Reveal the export', file) : undefined,
  );
  return file;
}
