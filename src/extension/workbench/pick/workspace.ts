import path from 'node:path';
import * as vscode from 'vscode';
import { isInsideFolder } from '../../../data/paths';
import { settings } from '../settings';
import { UserError } from '../userError';

// The workspace as the commands see it: its folders, where their experiments go, and how to show a path.

/** The open workspace folders; a UserError when none is open, since runs and their experiments need one. */
export function workspaceFolders(): readonly vscode.WorkspaceFolder[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    throw new UserError(
      'Train Studio needs a folder: no folder is open.',
      'Open the folder of your dataset (File > Open Folder).',
    );
  }
  return folders;
}

/** Where relative paths given to a command or the API start, and where API runs train. */
export function firstWorkspaceFolder(): vscode.WorkspaceFolder {
  const [first] = workspaceFolders();
  if (!first) throw new Error('workspaceFolders() returned none');
  return first;
}

/** `file` made absolute: a relative path starts from the first workspace folder. */
export const inWorkspace = (file: string): string =>
  path.isAbsolute(file) ? path.normalize(file) : path.resolve(firstWorkspaceFolder().uri.fsPath, file);

/**
 * The workspace folder a path belongs to: the one it lies in, else the one whose experiments folder holds
 * it (`trainStudio.experimentsFolder` may point outside the workspace), else the first one. Tasks, the
 * CLI and relative paths start there.
 */
export function folderFor(fsPath: string): vscode.WorkspaceFolder {
  return (
    vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath)) ??
    workspaceFolders().find((folder) => isInsideFolder(fsPath, settings.experimentsDir(folder))) ??
    firstWorkspaceFolder()
  );
}

export const experimentsDirs = (): string[] =>
  workspaceFolders().map((folder) => settings.experimentsDir(folder));

/** Files inside experiment folders are copies a run made: the pickers and Validate Configs leave them out. */
export function inExperimentsFolder(file: string): boolean {
  return experimentsDirs().some((dir) => isInsideFolder(path.resolve(file), dir));
}

/** Relative to its workspace folder (with the folder's name in a multi-root workspace), else absolute. */
export const workspaceLabel = (fsPath: string): string => vscode.workspace.asRelativePath(fsPath);

/** The workspace's files matching `glob`, outside experiment folders and installed packages. */
export async function findWorkspaceFiles(glob: string): Promise<string[]> {
  const uris = await vscode.workspace.findFiles(glob, '**/node_modules/**');
  return uris
    .map((uri) => uri.fsPath)
    .filter((file) => !inExperimentsFolder(file))
    .sort();
}
