import path from 'node:path';
import * as vscode from 'vscode';
import { isFile } from '../../../data/readers/files';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';
import { DEBUG_TYPE } from '../../ids';
import type { WorkbenchHost } from '../contract';
import { pickExperiment, workspaceExperiments } from '../pick/experiments';
import { folderFor } from '../pick/workspace';
import { reportingErrors } from '../reportError';
import type { RunServices } from '../runs/types';
import { treeTargetOf } from '../treeTarget';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import { runLabel } from '../words';
import type { TrainStudioDebugConfiguration } from './offered';

// "Re-run with Debugger" on an experiment: a new run from the app_state.json the experiment saved, whose
// paths were rebased onto the experiment folder when it was saved, so it trains the same way from there.

const appStateOf = (experimentDir: string) => path.join(experimentDir, EXPERIMENT_FILES.appState);

/** The experiment the tree passed, else one picked among those that can be re-run. */
async function experimentToRerun(argument: unknown, runs: RunServices): Promise<string | undefined> {
  const fromTree = treeTargetOf(argument)?.experimentDir;
  if (fromTree !== undefined) return fromTree;
  const picked = await pickExperiment(
    workspaceExperiments(runs).filter((experiment) => isFile(appStateOf(experiment.dir))),
    {
      title: 'Re-run with Debugger',
      placeholder: 'The experiment to re-run with the debugger',
      none: new UserError(
        'No experiment in this workspace has an app_state.json to re-run.',
        'Train one first: a run saves its app_state.json into its experiment folder.',
      ),
    },
  );
  return picked?.dir;
}

/** trainStudio.debugRun: resolves true once the debug session started. */
export function createDebugRun(
  host: WorkbenchHost,
  runs: RunServices,
): (argument?: unknown) => Promise<boolean> {
  const rerun = reportingErrors(host.output, 'Re-run with Debugger', async (argument: unknown) => {
    const experimentDir = await experimentToRerun(argument, runs);
    if (experimentDir === undefined) return false;
    const appState = appStateOf(experimentDir);
    if (!isFile(appState)) {
      throw new UserError(
        `${experimentDir} has no ${EXPERIMENT_FILES.appState} to re-run.`,
        'A run saves it once it has started; start a new run from an app_state.json instead.',
      );
    }
    const configuration: TrainStudioDebugConfiguration = {
      type: DEBUG_TYPE,
      request: 'launch',
      name: `Re-run ${runLabel(experimentDir)}`,
      appState,
    };
    return vscode.debug.startDebugging(folderFor(experimentDir), configuration);
  });
  return async (argument) => allowedToRun('debug training') && ((await rerun(argument)) ?? false);
}
