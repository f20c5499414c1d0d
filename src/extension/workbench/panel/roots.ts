import * as vscode from 'vscode';
import { isInsideFolder, realPathOf } from '../../../data/paths';
import { settings } from '../settings';
import type { WatchedFolder } from '../tree/watcher';
import { PathGuard } from './pathGuard';
import type { PanelRoots } from './pathGuard';

// The folders the panels (and the commands that write for them) may read and write in: the workspace
// folders and their experiments folders, asked each time since folders and settings change.

/** Each workspace folder with its experiments folder. */
export function panelFolders(): WatchedFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
    folder,
    experimentsDir: settings.experimentsDir(folder),
  }));
}

/** The workspace folders and their experiments folders, as written. */
function panelRoots(): PanelRoots {
  const folders = panelFolders();
  return {
    workspaceFolders: folders.map(({ folder }) => folder.uri.fsPath),
    experimentsDirs: folders.map(({ experimentsDir }) => experimentsDir),
  };
}

export const workspaceGuard = (): PathGuard => new PathGuard(panelRoots);

/**
 * The workspace folder an experiment belongs to: the one it is in, or whose experiments folder holds it.
 * Compared as real paths: the guard hands out `experimentDir` with its symlinks resolved.
 */
export function workspaceFolderOfExperiment(experimentDir: string): string | undefined {
  const dir = realPathOf(experimentDir);
  return panelFolders().find(
    ({ folder, experimentsDir }) =>
      isInsideFolder(dir, realPathOf(folder.uri.fsPath)) || isInsideFolder(dir, realPathOf(experimentsDir)),
  )?.folder.uri.fsPath;
}
