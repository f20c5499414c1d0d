import * as vscode from 'vscode';
import { APP_STATE_GLOB } from '../../ids';
import { settings } from '../settings';
import { UserError } from '../userError';
import { offeredAppStates } from './appStateFilter';
import { workspaceFolders, workspaceLabel } from './workspace';

// The app_state files of the workspace (app_state.json, x.app_state.json), experiment copies left out: the
// one search behind the task list, Run and Debug's list and the Start Training picker.

/** The app_state files of one workspace folder, absolute, in name order. */
export async function appStateFilesIn(
  folder: vscode.WorkspaceFolder,
  token?: vscode.CancellationToken,
): Promise<string[]> {
  // node_modules is excluded while searching, not after: a folder of packages can be large.
  const found = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, APP_STATE_GLOB),
    '**/node_modules/**',
    undefined,
    token,
  );
  return offeredAppStates(
    folder.uri.fsPath,
    found.map((uri) => uri.fsPath),
    settings.experimentsDir(folder),
  );
}

export async function pickAppStateFile(title: string): Promise<string | undefined> {
  const files = (await Promise.all(workspaceFolders().map((folder) => appStateFilesIn(folder)))).flat();
  if (files.length === 0) {
    throw new UserError(
      'The workspace has no app_state file to start.',
      'Create one with "Train Studio: New Training Run…", or "Create Sample Training Setup".',
    );
  }
  const picked = await vscode.window.showQuickPick(
    files.map((file) => ({ label: workspaceLabel(file), file })),
    { title, placeHolder: 'The app_state file of the run' },
  );
  return picked?.file;
}
