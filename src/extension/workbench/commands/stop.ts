import * as vscode from 'vscode';
import { pickExperiment, workspaceExperiments } from '../pick/experiments';
import { workspaceLabel } from '../pick/workspace';
import { treeTargetOf } from '../treeTarget';
import { UserError } from '../userError';
import type { CommandContext } from './context';

// Stop Training: a graceful stop (the batch ends, `last` is saved, the folder is finalised) of a run this
// window started or one running elsewhere, such as in a terminal.

export async function stop(context: CommandContext, argument: unknown): Promise<boolean | undefined> {
  const { runs } = context;
  // From the tree, the folder is enough: a run that is just starting has no experiment_info.json yet.
  const dir =
    treeTargetOf(argument)?.experimentDir ??
    (
      await pickExperiment(
        workspaceExperiments(runs).filter((candidate) => candidate.live),
        {
          title: 'Stop Training',
          placeholder: 'The run to stop',
          none: new UserError(
            'No training run is running.',
            'A run shows up here once it has its experiment folder, whether it started here or in a terminal.',
          ),
        },
      )
    )?.dir;
  if (dir === undefined) return undefined;
  const name = workspaceLabel(dir);
  const stopped = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Stopping ${name}: the current batch finishes first…`,
    },
    () => runs.stopExperiment(dir),
  );
  if (!stopped) void vscode.window.showInformationMessage(`${name} is not running.`);
  return stopped;
}
