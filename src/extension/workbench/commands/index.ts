import type { CommandGroup, PaletteCommandId, WorkbenchApi, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';

// PLACEHOLDER until the commands helper lands.
export function createPaletteCommands(
  host: WorkbenchHost,
  runs: RunServices,
  api: WorkbenchApi,
): CommandGroup<PaletteCommandId> {
  throw new Error(
    `commands are not built yet (${host.cliPath}, ${String(runs.liveRuns.runs.length)}, ${typeof api})`,
  );
}
