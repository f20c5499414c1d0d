import { posixRelative } from '../../../data/paths';
import { DEBUG_TYPE } from '../../ids';

// The launch configurations that Run and Debug offers: one per app_state file of the workspace's own (see
// pick/appStateFiles.ts), not the copies each experiment keeps (those are re-run from the tree, with
// "Re-run with Debugger").

export interface TrainStudioDebugConfiguration {
  readonly type: typeof DEBUG_TYPE;
  readonly request: 'launch';
  readonly name: string;
  readonly appState: string;
}

/** One launch configuration per app_state file, as Run and Debug's dynamic list shows them. */
export function dynamicConfigurations(
  folder: string,
  appStates: readonly string[],
): TrainStudioDebugConfiguration[] {
  return appStates.map((file) => {
    // Forward slashes on every OS: the name is shown, and `${workspaceFolder}/…` works everywhere.
    const relative = posixRelative(folder, file);
    return {
      type: DEBUG_TYPE,
      request: 'launch',
      name: `Train ${relative}`,
      appState: `\${workspaceFolder}/${relative}`,
    };
  });
}
