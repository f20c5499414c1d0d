import fs from 'node:fs';
import path from 'node:path';
import { DatasetError, formatProblem } from '../../data/errors';
import type { DatasetIndex } from '../../data/model';
import { isInsideFolder, realPathOf } from '../../data/paths';
import { readDataset } from '../../data/readers';
import { RunError } from '../runError';

/** Bad data met while reading or hashing the dataset, told with the data file at fault. */
export function datasetRunError(error: DatasetError): RunError {
  const { hint, ...located } = error.problem;
  return new RunError({
    message: `The dataset cannot be used: ${formatProblem(located)}`,
    hint: hint ?? 'Fix the file named above; `train-studio inspect` lists every problem in the dataset.',
    file: located.file,
  });
}

/**
 * Reads the dataset that `input.project` names, relative to the app_state file's folder. A missing folder
 * is told in the app_state's own terms, since that is where the user wrote the path.
 */
export function readProject(project: string, appStatePath: string): DatasetIndex {
  const baseDir = path.dirname(appStatePath);
  const absolute = path.resolve(baseDir, project);
  if (!fs.existsSync(absolute)) {
    throw new RunError({
      message: `input.project '${project}' does not exist: looked for ${absolute}.`,
      hint: `Paths in app_state are relative to its folder, ${baseDir}; correct input.project to point at the dataset folder.`,
      file: appStatePath,
      field: 'input.project',
    });
  }
  try {
    return readDataset(absolute);
  } catch (error) {
    if (error instanceof DatasetError) throw datasetRunError(error);
    throw error;
  }
}

/** Checkpoints, logs and converted data all go under the work folder: never inside the user's dataset. */
export function checkWorkDirOutsideProject(workDir: string, projectDir: string, appStatePath: string): void {
  if (!isInsideFolder(realPathOf(workDir), realPathOf(projectDir))) return;
  throw new RunError({
    message: `The run would write into the dataset: its work folder ${workDir} is inside ${projectDir}, and Train Studio never writes into a dataset.`,
    hint: 'Experiments are written in the workspace, so keep the dataset in a folder of its own, not the workspace folder itself nor one above it, and point input.project at that folder.',
    file: appStatePath,
    field: 'input.project',
  });
}
