import type { CommandGroup, DebugCommandId, DebugProvider, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';

export interface DebugFeature {
  readonly provider: DebugProvider;
  readonly commands: CommandGroup<DebugCommandId>;
}

// PLACEHOLDER until the debug helper lands.
export function createDebug(host: WorkbenchHost, runs: RunServices): DebugFeature {
  throw new Error(`debugging is not built yet (${host.cliPath}, ${String(runs.liveRuns.runs.length)})`);
}
