import type * as vscode from 'vscode';
import { RUN_STATUSES } from '../../../core/names';
import { TASK_TYPE } from '../../ids';
import { isResumable, lastCheckpointOf } from '../../../trainapp/experiments';
import { experimentAt, pickExperiment, workspaceExperiments } from '../pick/experiments';
import type { WorkspaceExperiment } from '../pick/experiments';
import { folderFor } from '../pick/workspace';
import { taskPathOf } from '../tasks/taskLaunch';
import { treeTargetOf } from '../treeTarget';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import type { CommandContext } from './context';

// Resume Experiment: a stopped or interrupted run continues exactly from its `last` checkpoint, in its own
// folder, as a `trainstudio` task.

const resumable = ({ dir, info, live }: WorkspaceExperiment) => isResumable(dir, info, live);

/** Why this experiment cannot be resumed, for one named from the tree. */
function notResumable({ dir, info, live }: WorkspaceExperiment): UserError {
  const name = info.experiment_name;
  if (live) return new UserError(`${name} is running.`, 'Stop it first; then it can be resumed.');
  if (info.status === RUN_STATUSES.completed) {
    return new UserError(
      `${name} completed: there is nothing to resume.`,
      'To train it further, fine-tune from one of its checkpoints.',
    );
  }
  if (lastCheckpointOf(dir) === undefined) {
    return new UserError(
      `${name} has no last checkpoint to resume from.`,
      'It stopped before its first checkpoint: start it again from its app_state file.',
    );
  }
  return new UserError(`${name} cannot be resumed.`, 'The Train Studio output has the details.');
}

export async function resume(
  context: CommandContext,
  argument: unknown,
): Promise<vscode.TaskExecution | undefined> {
  if (!allowedToRun('resume training')) return undefined;
  const { runs } = context;
  const target = treeTargetOf(argument);
  const experiment = target?.experimentDir
    ? experimentAt(target.experimentDir, runs)
    : await pickExperiment(workspaceExperiments(runs).filter(resumable), {
        title: 'Resume Experiment',
        placeholder: 'A stopped or interrupted run, to continue from its last checkpoint',
        none: new UserError(
          'No experiment can be resumed.',
          'Runs that stopped or were interrupted after their first checkpoint can be; completed runs can be fine-tuned instead.',
        ),
      });
  if (!experiment) return undefined;
  if (!resumable(experiment)) throw notResumable(experiment);
  const folder = folderFor(experiment.dir);
  return runs.runTask({ type: TASK_TYPE, resume: taskPathOf(folder.uri.fsPath, experiment.dir) }, folder);
}
