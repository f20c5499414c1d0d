import { COMMANDS } from '../../ids';
import type { CommandGroup, DebugCommandId, DebugProvider, WorkbenchHost } from '../contract';
import type { RunServices } from '../runs/types';
import { createDebugRun } from './debugRun';
import { createDebugProvider } from './provider';

export interface DebugFeature {
  readonly provider: DebugProvider;
  readonly commands: CommandGroup<DebugCommandId>;
}

/** The `trainstudio` debug type and "Re-run with Debugger". */
export function createDebug(host: WorkbenchHost, runs: RunServices): DebugFeature {
  return {
    provider: createDebugProvider(host, runs),
    commands: { [COMMANDS.debugRun]: createDebugRun(host, runs) },
  };
}
