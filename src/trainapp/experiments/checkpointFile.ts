import path from 'node:path';
import type { ExperimentInfo } from '../../core/schemas';
import { isFile } from '../../data/readers/files';
import { RunError } from '../runError';
import { EXPERIMENT_FOLDERS } from './layout';
import { checkpointsOf } from './runFacts';

// Which of an experiment's checkpoints a command works on (export, benchmark, evaluate, predict): a file of
// its own checkpoints/ folder, named by its file name alone, so that a crafted name can never reach a file
// outside the experiment (another run's checkpoint, or anything else).

export interface ExperimentCheckpoint {
  /** The file name, such as best.json. */
  readonly name: string;
  /** Absolute. */
  readonly file: string;
  /** The name without its extension, which files made from it are named after: best.json → best.onnx. */
  readonly stem: string;
}

const NAME_HINT = 'Name a file of the checkpoints/ folder, such as best.json or last.json.';

/** The checkpoints in checkpoints/: those experiment_info lists count only while their file is there. */
function checkpointNames(experimentDir: string, info: ExperimentInfo): string[] {
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints);
  return checkpointsOf(experimentDir, info)
    .filter((checkpoint) => path.dirname(checkpoint.file) === folder && isFile(checkpoint.file))
    .map((checkpoint) => checkpoint.name);
}

function noCheckpoints(experimentDir: string, purpose: string): RunError {
  return new RunError({
    message: `${experimentDir} has no checkpoints to ${purpose}.`,
    hint: `A run saves its checkpoints into ${EXPERIMENT_FOLDERS.checkpoints}/ as it trains: train (or resume) it until it has one, then try again.`,
  });
}

/**
 * The checkpoint `name` of the experiment, to `purpose` it ("export", "time", "evaluate", "predict with");
 * a RunError when it is not a file of its checkpoints/ folder.
 */
export function experimentCheckpoint(
  experimentDir: string,
  info: ExperimentInfo,
  name: string,
  purpose: string,
): ExperimentCheckpoint {
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints);
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new RunError({
      message: `'${name}' is not the file name of a checkpoint: only the files of ${folder} can be used.`,
      hint: NAME_HINT,
    });
  }
  const names = checkpointNames(experimentDir, info);
  if (names.length === 0) throw noCheckpoints(experimentDir, purpose);
  const file = path.join(folder, name);
  if (!names.includes(name)) {
    throw new RunError({
      message: `There is no checkpoint ${name} in ${folder}.`,
      hint: `It has ${names.join(', ')}: name one of them.`,
      file,
    });
  }
  return { name, file, stem: path.parse(name).name };
}

/** The checkpoint a command uses when none is named: the best one. */
export function defaultCheckpoint(experimentDir: string, info: ExperimentInfo, purpose: string): string {
  if (info.best_checkpoint) return info.best_checkpoint;
  const names = checkpointNames(experimentDir, info);
  if (names.length === 0) throw noCheckpoints(experimentDir, purpose);
  throw new RunError({
    message: `${experimentDir} has no best checkpoint (its run did not finish).`,
    hint: `Name the checkpoint to ${purpose} with --checkpoint: it has ${names.join(', ')}.`,
  });
}

/** The checkpoint named, or the best one when `named` is undefined; a RunError says what is wrong. */
export function chosenCheckpoint(
  experimentDir: string,
  info: ExperimentInfo,
  named: string | undefined,
  purpose: string,
): ExperimentCheckpoint {
  const name = named ?? defaultCheckpoint(experimentDir, info, purpose);
  return experimentCheckpoint(experimentDir, info, name, purpose);
}
