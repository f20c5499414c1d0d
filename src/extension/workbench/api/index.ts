import type { Disposable, WorkbenchApi, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';

// PLACEHOLDER until the API helper lands.
export function createApi(host: WorkbenchHost, runs: RunServices): WorkbenchApi & Disposable {
  throw new Error(`the API is not built yet (${host.cliPath}, ${String(runs.liveRuns.runs.length)})`);
}
