import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { pickDataset } from '../pick/projects';
import { folderFor, inWorkspace, workspaceLabel } from '../pick/workspace';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import { CONVERT_CHOICES, convertArgs, convertedFolderFor, isConvertFormat } from './cliArgs';
import type { ConvertFormat } from './cliArgs';
import { logCliOutput, runCliCommand } from './cliJob';
import type { CommandContext } from './context';

// Convert Dataset: `train-studio convert` writes a copy of a dataset as COCO or YOLO into a new folder
// beside it; the dataset itself is never written to.

/** What a caller (a test, another extension) may pass instead of answering the pickers. */
export interface ConvertRequest {
  /** The dataset folder; relative paths start from the first workspace folder. */
  readonly project: string;
  readonly to: ConvertFormat;
  /** A folder that does not exist yet; default: `<project>_<format>` beside the project. */
  readonly out?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function requestOf(argument: unknown): Partial<ConvertRequest> {
  if (argument instanceof vscode.Uri) return { project: argument.fsPath };
  if (!isRecord(argument)) return {};
  const { project, to, out } = argument;
  if (to !== undefined && !isConvertFormat(to)) {
    throw new UserError(`Cannot convert to ${JSON.stringify(to)}.`, 'Convert to coco or yolo.');
  }
  return {
    ...(typeof project === 'string' ? { project } : {}),
    ...(to === undefined ? {} : { to }),
    ...(typeof out === 'string' ? { out } : {}),
  };
}

async function pickFormat(project: string): Promise<ConvertFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    Object.entries(CONVERT_CHOICES).map(([format, choice]) => ({
      label: choice.label,
      detail: choice.detail,
      format: format as ConvertFormat,
    })),
    { title: 'Convert Dataset', placeHolder: `Convert ${path.basename(project)} to` },
  );
  return picked?.format;
}

/** Why `out` cannot receive the conversion, or undefined. */
function outFolderProblem(out: string): string | undefined {
  if (fs.existsSync(out)) return `${out} exists already: name a new folder.`;
  if (!fs.existsSync(path.dirname(out))) return `${path.dirname(out)} does not exist.`;
  return undefined;
}

async function askOutFolder(project: string, to: ConvertFormat): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Convert Dataset',
    prompt: `The new folder for the ${CONVERT_CHOICES[to].label} copy`,
    value: convertedFolderFor(project, to, fs.existsSync),
    validateInput: (text) => outFolderProblem(path.resolve(text)),
  });
  return answer === undefined ? undefined : path.resolve(answer);
}

export async function convertDataset(
  context: CommandContext,
  argument: unknown,
): Promise<string | undefined> {
  if (!allowedToRun('convert datasets')) return undefined;
  const request = requestOf(argument);
  const project =
    request.project === undefined
      ? (await pickDataset('Convert Dataset'))?.dir
      : inWorkspace(request.project);
  if (project === undefined) return undefined;
  const to = request.to ?? (await pickFormat(project));
  if (to === undefined) return undefined;
  const out = request.out === undefined ? await askOutFolder(project, to) : inWorkspace(request.out);
  if (out === undefined) return undefined;
  const problem = outFolderProblem(out);
  if (problem !== undefined) throw new UserError(problem, 'Convert Dataset writes into a new folder only.');
  const result = await runCliCommand(context, {
    args: convertArgs(project, to, out),
    cwd: folderFor(project).uri.fsPath,
    title: `Converting ${path.basename(project)} to ${CONVERT_CHOICES[to].label}`,
    cancellable: true,
  });
  if (!result) return undefined;
  logCliOutput(context, result);
  void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(out));
  void vscode.window.showInformationMessage(
    `Converted ${path.basename(project)} to ${CONVERT_CHOICES[to].label}: ${workspaceLabel(out)}.`,
  );
  return out;
}
