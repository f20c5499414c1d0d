import path from 'node:path';
import type { ExperimentInfo } from '../../../core/schemas';
import { checkpointsOf, readExperimentInfo } from '../../../trainapp/experiments';
import type { Checkpoint } from '../../../trainapp/experiments/runFacts';
import { UserError } from '../userError';
import type { PathGuard } from './pathGuard';

// No vscode. A checkpoint a webview message names (a "Custom models" choice, a fine-tune): only one an
// experiment of the experiments folders has, in a file the guard lets through, may be written into an
// app_state. The page could otherwise name any folder as the experiment and any path as the checkpoint.

export interface GuardedCheckpoint {
  /** Absolute. */
  readonly experimentDir: string;
  readonly info: ExperimentInfo;
  readonly checkpoint: Checkpoint;
}

/** `checkpoint`: a file name in the experiment's checkpoints (best.json), or its stem (best). */
export function guardedCheckpoint(
  guard: PathGuard,
  experimentDir: string,
  checkpoint: string,
): GuardedCheckpoint {
  const experiment = guard.checkExperiment(experimentDir);
  if (!experiment.allowed) {
    throw new UserError(
      `Refused to use a checkpoint of ${experimentDir}: ${experiment.reason}.`,
      'Pick a checkpoint of an experiment the panel lists.',
    );
  }
  const dir = experiment.path;
  const info = readExperimentInfo(dir);
  const known = checkpointsOf(dir, info).find(
    (candidate) => candidate.name === checkpoint || path.parse(candidate.name).name === checkpoint,
  );
  if (!known) {
    throw new UserError(
      `The experiment ${dir} has no checkpoint ${checkpoint}.`,
      'Pick one of the checkpoints the panel lists for it.',
    );
  }
  // The experiment's info may list a checkpoint anywhere (a path relative to the folder, `..` included).
  const file = guard.check(known.file);
  if (!file.allowed) {
    throw new UserError(
      `Refused to use the checkpoint ${known.file}: ${file.reason}.`,
      'Pick a checkpoint stored in the experiment folder.',
    );
  }
  return { experimentDir: dir, info, checkpoint: known };
}
