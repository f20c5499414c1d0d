import type * as vscode from 'vscode';
import type { CommandGroup, Disposable, TreeCommandId, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';
import { createSample } from '../sample';
import { treeRunCommands } from './commands';
import { reportingErrors } from '../reportError';
import { ExperimentTreeProvider } from './provider';

export interface TreeFeature extends Disposable {
  readonly provider: vscode.TreeDataProvider<unknown>;
  readonly commands: CommandGroup<TreeCommandId>;
}

/** The Experiments view: projects, runs and their files, kept current by file watchers, and its commands. */
export function createTree(host: WorkbenchHost, runs: RunServices): TreeFeature {
  const provider = new ExperimentTreeProvider(runs);
  return {
    provider,
    commands: {
      ...treeRunCommands(host, runs, provider),
      'trainStudio.createSample': reportingErrors(host.output, 'Create sample training setup', () =>
        createSample(host),
      ),
    },
    dispose: () => {
      provider.dispose();
    },
  };
}
