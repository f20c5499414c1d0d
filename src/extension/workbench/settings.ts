import path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS } from '../ids';

// The extension's settings, read when used: a change applies to the next run without reloading.

const section = (scope?: vscode.ConfigurationScope) =>
  vscode.workspace.getConfiguration(SETTINGS.section, scope);

export const settings = {
  /** Empty means the `node` on PATH. */
  nodePath: (): string => section().get<string>(SETTINGS.nodePath, '').trim(),
  stopTimeoutMs: (): number => section().get<number>(SETTINGS.stopTimeoutSeconds, 60) * 1000,
  maxConcurrentRuns: (): number =>
    Math.max(1, Math.floor(section().get<number>(SETTINGS.maxConcurrentRuns, 1))),
  /** Absolute: where the workspace folder's experiment folders go. */
  experimentsDir: (folder: vscode.WorkspaceFolder): string =>
    path.resolve(folder.uri.fsPath, section(folder).get<string>(SETTINGS.experimentsFolder, 'experiments')),
};
