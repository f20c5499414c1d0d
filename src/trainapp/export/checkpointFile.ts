import path from 'node:path';
import type { ExperimentInfo } from '../../core/schemas';
import { isFile } from '../../data/readers/files';
import { checkpointsOf } from '../experiments/runFacts';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { RunError } from '../runError';

// Which checkpoint an export is made from: a file of the experiment's checkpoints/ folder, named by its
// file name alone, so that nothing outside the experiment can be exported by a crafted name.

export interface ExportedCheckpoint {
  /** The file name, such as best.json. */
  readonly name: string;
  /** Absolute. */
  readonly file: string;
  /** The name without its extension, which the exported files are named after: best.json → best.onnx. */
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

function noCheckpoints(experimentDir: string): RunError {
  return new RunError({
    message: `${experimentDir} has no checkpoints to export.`,
    hint: 'A run saves its checkpoints into checkpoints/ as it trains: train (or resume) it until it has one, then export again.',
  });
}

/** The checkpoint `name` of the experiment; a RunError when it is not a file of its checkpoints/ folder. */
export function exportedCheckpoint(
  experimentDir: string,
  info: ExperimentInfo,
  name: string,
): ExportedCheckpoint {
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new RunError({
      message: `'${name}' is not the file name of a checkpoint: exports are made from files of ${path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints)}.`,
      hint: NAME_HINT,
    });
  }
  const names = checkpointNames(experimentDir, info);
  if (names.length === 0) throw noCheckpoints(experimentDir);
  const file = path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints, name);
  if (!names.includes(name)) {
    throw new RunError({
      message: `There is no checkpoint ${name} in ${path.dirname(file)}.`,
      hint: `It has ${names.join(', ')}: name one of them.`,
      file,
    });
  }
  return { name, file, stem: path.parse(name).name };
}

/** What `train-studio export` exports when no checkpoint is named: the best one. */
export function defaultCheckpoint(experimentDir: string, info: ExperimentInfo): string {
  if (info.best_checkpoint) return info.best_checkpoint;
  const names = checkpointNames(experimentDir, info);
  if (names.length === 0) throw noCheckpoints(experimentDir);
  throw new RunError({
    message: `${experimentDir} has no best checkpoint (its run did not finish).`,
    hint: `Name the checkpoint to export with --checkpoint: it has ${names.join(', ')}.`,
  });
}
