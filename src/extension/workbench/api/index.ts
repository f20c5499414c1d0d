import path from 'node:path';
import * as vscode from 'vscode';
import { compareExperiments } from '../../../trainapp/experiments';
import { SETTINGS } from '../../ids';
import type { Disposable, WorkbenchApi, WorkbenchHost } from '../contract';
import { firstWorkspaceFolder, inWorkspace } from '../pick/workspace';
import { writeRequestAppState } from '../runs/appStateFromRequest';
import type { RunServices, TrainerLaunch } from '../runs/types';
import { settings } from '../settings';
import { allowedToRun, untrustedRefusal } from '../trust';
import { UserError } from '../userError';
import { ApiRun, refusedRun } from './apiRun';
import { checkRunOptions } from './runOptions';
import { RunQueue } from './runQueue';
import type { RunHandle, RunOptions } from './types';

// The exported API's work: each run becomes an app_state file in the extension's storage, then waits in
// one queue for a slot (`trainStudio.maxConcurrentRuns`), and trains as a headless trainer process in the
// first workspace folder, like a run started from a terminal there.

const RUN_FILES_FOLDER = 'api-runs';

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** The run's app_state.json; an invalid option throws the UserError that names it. */
function writeRunFile(request: Omit<RunOptions, 'autostart'>, baseDir: string, file: string): void {
  try {
    writeRequestAppState(request, baseDir, file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `Cannot write the run's app_state file ${file}: ${asError(error).message}.`,
      "Check that VS Code may write to the extension's storage folder.",
    );
  }
}

const API_RUN = 'start runs from its API';
/** Asked when the run is about to start: trust can change while it waits in the queue. */
const refusal = (): Error | undefined => (allowedToRun(API_RUN) ? undefined : untrustedRefusal(API_RUN));

function trainerLaunch(options: RunOptions, file: string, folder: vscode.WorkspaceFolder, id: string) {
  const model = typeof options.model === 'string' ? options.model : path.basename(options.model.experiment);
  return {
    args: ['train', '--app-state', file, '--experiments', settings.experimentsDir(folder)],
    cwd: folder.uri.fsPath,
    label: `${options.experimentName ?? model} (API run ${id})`,
  } satisfies TrainerLaunch;
}

export function createApi(host: WorkbenchHost, runs: RunServices): WorkbenchApi & Disposable {
  const queue = new RunQueue<ApiRun>(settings.maxConcurrentRuns);
  /** Runs not ended yet, to stop or drop when the window closes. */
  const unfinished = new Set<ApiRun>();
  const settingWatch = vscode.workspace.onDidChangeConfiguration((event) => {
    // A higher limit starts waiting runs now rather than when a run ends.
    if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.maxConcurrentRuns}`)) queue.startWaiting();
  });
  const runsFolder = path.join(
    (host.context.storageUri ?? host.context.globalStorageUri).fsPath,
    RUN_FILES_FOLDER,
  );

  function submit(options: unknown, id: string): RunHandle {
    const checked = checkRunOptions(options);
    const folder = firstWorkspaceFolder();
    const file = path.join(runsFolder, `${id}.app_state.json`);
    const { autostart = true, ...request } = checked;
    writeRunFile(request, folder.uri.fsPath, file);
    const launch = trainerLaunch(checked, file, folder, id);
    const run = new ApiRun({
      id,
      queue,
      launch: () => runs.launcher.start(launch),
      refusal,
    });
    unfinished.add(run);
    const forget = () => unfinished.delete(run);
    void run.done.then(forget, forget);
    if (autostart) run.start();
    const queued = `${String(queue.runningCount)} running, ${String(queue.waitingCount)} waiting`;
    host.output.info(`API run ${id} (${file}): ${autostart ? queued : 'waits for start()'}`);
    return run;
  }

  return {
    runWithId: (options, id) => {
      try {
        return submit(options, id);
      } catch (error) {
        host.output.warn(`API run ${id} refused: ${asError(error).message}`);
        return refusedRun(id, asError(error));
      }
    },
    compare: (folders) =>
      Promise.resolve().then(() => compareExperiments(folders.map((folder) => inWorkspace(folder)))),
    dispose: () => {
      settingWatch.dispose();
      const closing = new UserError(
        'VS Code closed the window before the run started.',
        'Submit the run again in an open window.',
      );
      for (const run of unfinished) {
        run.abandon(closing).catch((error: unknown) => {
          host.output.warn(`API run ${run.id} did not stop cleanly: ${asError(error).message}`);
        });
      }
    },
  };
}
