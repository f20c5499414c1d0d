import * as vscode from 'vscode';
import { CONFIG_KINDS } from '../../../core/names';
import { builtinFrameworkDir, checkConfigFile } from '../../../trainapp/configFiles';
import { TASK_TYPE } from '../../ids';
import { pickAppStateFile } from '../pick/appStateFiles';
import { folderFor, inWorkspace, workspaceLabel } from '../pick/workspace';
import { taskPathOf } from '../tasks/taskLaunch';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import type { CommandContext } from './context';

// Start Training: an app_state file becomes a `trainstudio` task, which trains in a terminal.

/** The editor's checks first: a file with errors would only fail in the terminal. */
function checkBeforeStart(context: CommandContext, file: string): void {
  const check = checkConfigFile(file, {
    kind: CONFIG_KINDS.appState,
    builtinFrameworkDir: builtinFrameworkDir(context.host.context.extensionPath),
  });
  const errors = check.findings.filter((finding) => finding.severity === 'error');
  const [first] = errors;
  if (!first) return;
  const { line, character } = first.range.start;
  const more = errors.length > 1 ? ` (and ${String(errors.length - 1)} more)` : '';
  throw new UserError(
    `${workspaceLabel(file)}:${String(line + 1)}:${String(character + 1)}: ${first.message}${more}`,
    'Fix the file (the editor underlines each problem), then start it again.',
  );
}

export async function startAppState(
  context: CommandContext,
  file: string,
): Promise<vscode.TaskExecution | undefined> {
  if (!allowedToRun('start training')) return undefined;
  checkBeforeStart(context, file);
  const folder = folderFor(file);
  return context.runs.runTask({ type: TASK_TYPE, appState: taskPathOf(folder.uri.fsPath, file) }, folder);
}

/** An app_state file given to the command: a Uri (the Explorer), or a path (relative to the first folder). */
function fileArgument(argument: unknown): string | undefined {
  if (argument instanceof vscode.Uri) return argument.fsPath;
  if (typeof argument === 'string') return inWorkspace(argument);
  return undefined;
}

export async function start(
  context: CommandContext,
  argument: unknown,
): Promise<vscode.TaskExecution | undefined> {
  if (!allowedToRun('start training')) return undefined;
  const file = fileArgument(argument) ?? (await pickAppStateFile('Start Training'));
  return file === undefined ? undefined : startAppState(context, file);
}
