import path from 'node:path';
import { checkpointsOf } from '../../../trainapp/experiments';
import { pickCheckpoint } from '../pick/checkpoints';
import { experimentAt, pickExperiment, workspaceExperiments } from '../pick/experiments';
import type { WorkspaceExperiment } from '../pick/experiments';
import { treeTargetOf } from '../treeTarget';
import { UserError } from '../userError';
import type { CommandContext } from './context';

// The checkpoint a command works on: a checkpoint item of the tree; a run item (its best checkpoint); or,
// from the palette, an experiment and then one of its checkpoints.

export interface CheckpointTarget {
  readonly experiment: WorkspaceExperiment;
  /** A file name in the experiment's checkpoints/ folder, such as best.json. */
  readonly checkpoint: string;
}

export interface CheckpointQuestion {
  /** The command's title, such as "Evaluate Checkpoint". */
  readonly title: string;
  /** A running experiment is refused: its trainer holds the folder. */
  readonly refuseLive: boolean;
}

/** The tree's `has-checkpoints` rule: an interrupted run's files on disk count. */
const hasCheckpoints = ({ dir, info }: WorkspaceExperiment) => checkpointsOf(dir, info).length > 0;

function refuseLive(experiment: WorkspaceExperiment): void {
  if (experiment.live) {
    throw new UserError(
      `${experiment.info.experiment_name} is training.`,
      'Wait for it to end, or stop it; then use its checkpoints.',
    );
  }
}

export async function chooseCheckpoint(
  context: CommandContext,
  argument: unknown,
  question: CheckpointQuestion,
): Promise<CheckpointTarget | undefined> {
  const target = treeTargetOf(argument);
  const experiment = target?.experimentDir
    ? experimentAt(target.experimentDir, context.runs)
    : await pickExperiment(
        workspaceExperiments(context.runs).filter(
          (candidate) => hasCheckpoints(candidate) && !(question.refuseLive && candidate.live),
        ),
        {
          title: question.title,
          placeholder: 'The experiment whose checkpoint to use',
          none: new UserError(
            'No experiment has a checkpoint to use.',
            'Checkpoints appear once a run has trained its first epoch.',
          ),
        },
      );
  if (!experiment) return undefined;
  if (question.refuseLive) refuseLive(experiment);
  const named = target?.checkpointFile ? path.basename(target.checkpointFile) : undefined;
  // A run item stands for its best checkpoint; from the palette, the user says which.
  const fromTree = target ? experiment.info.best_checkpoint : null;
  const checkpoint = named ?? fromTree ?? (await pickCheckpoint(experiment, question.title));
  return checkpoint === undefined ? undefined : { experiment, checkpoint };
}
