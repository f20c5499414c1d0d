import { createApi } from './api';
import { createPaletteCommands } from './commands';
import type { Workbench, WorkbenchHost } from './contract';
import { createDebug } from './debug';
import { createPanels } from './panel';
import { createRuns } from './runs';
import { createTree } from './tree';

/** dist/workbench.js: everything behind activation's lazy providers and commands. */
export function createWorkbench(host: WorkbenchHost): Workbench {
  const runs = createRuns(host);
  const api = createApi(host, runs);
  const tree = createTree(host, runs);
  const debug = createDebug(host, runs);
  const panels = createPanels(host, runs, api);
  return {
    commands: {
      ...tree.commands,
      ...debug.commands,
      ...panels.commands,
      ...createPaletteCommands(host, runs, api),
    },
    experimentsTree: tree.provider,
    tasks: runs.taskProvider,
    debug: debug.provider,
    api,
    panels,
    dispose: () => {
      // The API's queue first (it stops runs), the trainers last.
      for (const part of [api, panels, tree, runs]) part.dispose();
    },
  };
}
