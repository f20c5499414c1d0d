import type * as vscode from 'vscode';
import { workspaceFolderOfExperiment, workspaceGuard } from '../panel/roots';
import { allowedToRun } from '../trust';
import { chooseCheckpoint } from './checkpointTarget';
import type { CommandContext } from './context';
import { fineTuneAppState } from './fineTuneAppState';
import { startAppState } from './start';
import { mayWrite, writeAppState } from './writeAppState';

// Fine-tune from This Checkpoint: a new run with the experiment's settings that starts from the checkpoint.

export async function fineTune(
  context: CommandContext,
  argument: unknown,
): Promise<vscode.TaskExecution | undefined> {
  if (!allowedToRun('fine-tune models')) return undefined;
  const chosen = await chooseCheckpoint(context, argument, {
    title: 'Fine-tune from a Checkpoint',
    refuseLive: false,
  });
  if (!chosen) return undefined;
  const guard = workspaceGuard();
  const { file, appState } = fineTuneAppState(
    chosen.experiment.dir,
    chosen.experiment.info,
    chosen.checkpoint,
    {
      allowed: (target) => guard.check(target).allowed,
      workspaceFolder: workspaceFolderOfExperiment(chosen.experiment.dir),
    },
  );
  if (!(await mayWrite(file))) return undefined;
  await writeAppState(file, appState);
  return startAppState(context, file);
}
