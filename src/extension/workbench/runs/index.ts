import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS } from '../../ids';
import type { Disposable, WorkbenchHost } from '../contract';
import { settings } from '../settings';
import { RunStatusBar } from '../statusBar';
import { TrainStudioTaskProvider } from '../tasks/taskProvider';
import { allowedToRun, untrustedRefusal } from '../trust';
import { runCliJob } from './cliJob';
import { LiveRunRegistry } from './liveRuns';
import { NodeResolver } from './nodeExecutable';
import { stopExperiment } from './stopExperiment';
import { ChildTrainerLauncher } from './trainerLauncher';
import type { RunServices, TrainerRun } from './types';

export interface Runs extends RunServices, Disposable {
  readonly taskProvider: vscode.TaskProvider;
}

/** Where an inline task's app_state goes: this workspace's storage, or the extension's without a workspace. */
const storageDir = (context: vscode.ExtensionContext) =>
  (context.storageUri ?? context.globalStorageUri).fsPath;

/**
 * The terminal of a running task: it carries the task's name (qualified by its folder in a multi-root
 * workspace), and the API gives no other link. Looked up when needed, because VS Code renames a finished
 * task's terminal when it reuses it for the next task, after the run has started.
 */
function taskTerminal(taskName: string): vscode.Terminal | undefined {
  return vscode.window.terminals
    .filter((terminal) => terminal.name === taskName || terminal.name.startsWith(`${taskName} (`))
    .at(-1);
}

export function createRuns(host: WorkbenchHost): Runs {
  const { cliPath, output: log } = host;
  const node = new NodeResolver({
    cliPath,
    version: (host.context.extension.packageJSON as { version: string }).version,
    nodePath: settings.nodePath,
  });
  const nodeExecutable = () => node.resolve();
  const liveRuns = new LiveRunRegistry();
  const launcher = new ChildTrainerLauncher({
    cliPath,
    log,
    nodeExecutable,
    stopTimeoutMs: settings.stopTimeoutMs,
    onStarted: (run) => {
      liveRuns.add(run);
    },
  });
  const taskRuns = new WeakSet<TrainerRun>();
  const taskProvider = new TrainStudioTaskProvider({
    cliPath,
    launcher,
    nodeExecutable,
    log,
    storageDir: storageDir(host.context),
    onRunStarted: (run) => {
      taskRuns.add(run);
    },
  });
  const statusBar = new RunStatusBar(liveRuns, INTERNAL_COMMANDS.showLiveRun);
  const showLiveRun = vscode.commands.registerCommand(INTERNAL_COMMANDS.showLiveRun, async () => {
    const [run] = liveRuns.runs;
    if (!run) return;
    const terminal = taskRuns.has(run) ? taskTerminal(run.label) : undefined;
    if (terminal) terminal.show();
    else if (run.progress.experimentDir === undefined) log.show(true);
    else
      await vscode.commands.executeCommand(COMMANDS.showRunLog, {
        experimentDir: run.progress.experimentDir,
      });
  });
  return {
    launcher,
    liveRuns,
    taskProvider,
    runTask: (definition, folder) => {
      if (!allowedToRun('start training')) return Promise.reject(untrustedRefusal('start training'));
      return Promise.resolve(vscode.tasks.executeTask(taskProvider.task(definition, folder)));
    },
    stopExperiment: (experimentDir) => Promise.resolve().then(() => stopExperiment(liveRuns, experimentDir)),
    runCliJob: (job) => runCliJob(job, { cliPath, log, nodeExecutable }),
    nodeExecutable,
    dispose: () => {
      // Closing the window ends what it watched: each trainer stops gracefully rather than train on unseen.
      for (const run of liveRuns.runs) void run.stop();
      showLiveRun.dispose();
      statusBar.dispose();
      liveRuns.dispose();
    },
  };
}
