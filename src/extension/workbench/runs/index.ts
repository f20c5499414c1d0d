import type * as vscode from 'vscode';
import type { Disposable, WorkbenchHost } from '../contract';
import type { RunServices } from './types';

export interface Runs extends RunServices, Disposable {
  readonly taskProvider: vscode.TaskProvider;
}

// PLACEHOLDER until the runs helper lands.
export function createRuns(host: WorkbenchHost): Runs {
  throw new Error(`runs are not built yet (${host.cliPath})`);
}
