import type { WorkbenchApi, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';

/** What every command may use: the host (output, paths), the trainers, and the API (compare). */
export interface CommandContext {
  readonly host: WorkbenchHost;
  readonly runs: RunServices;
  readonly api: WorkbenchApi;
}
