import type * as vscode from 'vscode';
import type { CommandGroup, Disposable, TreeCommandId, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';

export interface TreeFeature extends Disposable {
  readonly provider: vscode.TreeDataProvider<unknown>;
  readonly commands: CommandGroup<TreeCommandId>;
}

// PLACEHOLDER until the tree helper lands.
export function createTree(host: WorkbenchHost, runs: RunServices): TreeFeature {
  throw new Error(`the tree is not built yet (${host.cliPath}, ${String(runs.liveRuns.runs.length)})`);
}
