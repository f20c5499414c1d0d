import type * as vscode from 'vscode';
import type { PanelHost, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';

/** Placeholder until the panel host is built. */
export function createPanels(host: WorkbenchHost, runs: RunServices): PanelHost {
  return {
    commands: {
      'trainStudio.openPanel': () => {
        throw new Error(`not built yet: ${host.cliPath} ${String(runs.liveRuns.runs.length)}`);
      },
    },
    revive: (panel: vscode.WebviewPanel) => {
      panel.dispose();
      return Promise.resolve();
    },
    dispose: () => undefined,
  };
}
