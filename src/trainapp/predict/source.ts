import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_FRAMEWORK } from '../../core/names';
import { ProjectMeta } from '../../core/schemas';
import type { ExperimentInfo } from '../../core/schemas';
import { classColor } from '../../data/readers/derivedMeta';
import type { DrawnClass } from '../../engine/draw/drawPrediction';
import { checkpointsOf, readExperimentInfo } from '../experiments';
import { EXPERIMENT_FILES, EXPERIMENT_FOLDERS } from '../experiments/layout';
import { RunError } from '../runError';

// What a prediction needs from the experiment folder, read and checked before any model is loaded: a
// built-in model, its checkpoint, and the classes' colours from model_meta.json.

export interface PredictionSource {
  readonly info: ExperimentInfo;
  /** The checkpoint's file name in checkpoints/, such as best.json. */
  readonly checkpoint: string;
  /** Absolute. */
  readonly sidecarPath: string;
  readonly meta: ProjectMeta;
}

function checkBuiltin(experimentDir: string, info: ExperimentInfo): void {
  if (info.framework_name === BUILTIN_FRAMEWORK) return;
  throw new RunError({
    message: `${experimentDir} was trained by the ${info.framework_name} framework, and Train Studio cannot run its models, so it cannot predict with them.`,
    hint: `Run ${info.framework_name}'s own inference on its checkpoints, in ${EXPERIMENT_FOLDERS.checkpoints}/.`,
  });
}

function checkpointName(experimentDir: string, info: ExperimentInfo, named: string | undefined): string {
  const checkpoints = checkpointsOf(experimentDir, info).map((checkpoint) => checkpoint.name);
  if (checkpoints.length === 0) {
    throw new RunError({
      message: `${experimentDir} has no checkpoints to predict with.`,
      hint: 'Checkpoints appear once a run has trained its first epoch.',
    });
  }
  if (named !== undefined && !checkpoints.includes(named)) {
    throw new RunError({
      message: `${experimentDir} has no checkpoint ${named}.`,
      hint: `Name one of its checkpoints: ${checkpoints.join(', ')}.`,
    });
  }
  const name = named ?? info.best_checkpoint;
  if (!name) {
    throw new RunError({
      message: `${experimentDir} has no best checkpoint to predict with.`,
      hint: 'Name one with --checkpoint, such as last.json.',
    });
  }
  return name;
}

function readModelMeta(experimentDir: string): ProjectMeta {
  const file = path.join(experimentDir, EXPERIMENT_FILES.modelMeta);
  let parsed: ReturnType<typeof ProjectMeta.safeParse> | undefined;
  try {
    parsed = ProjectMeta.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    // Missing or not JSON: told below, as is JSON that is not a project meta.
  }
  if (parsed?.success !== true) {
    throw new RunError({
      message: `${file} is missing or damaged, and predictions take their classes' shapes and colours from it.`,
      hint: 'Restore the file from a copy of the experiment folder.',
      file,
    });
  }
  return parsed.data;
}

/** The experiment's checkpoint (the best one unless named) and meta; a RunError says what is missing. */
export function predictionSource(experimentDir: string, checkpoint: string | undefined): PredictionSource {
  const info = readExperimentInfo(experimentDir);
  checkBuiltin(experimentDir, info);
  const name = checkpointName(experimentDir, info, checkpoint);
  return {
    info,
    checkpoint: name,
    sidecarPath: path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints, name),
    meta: readModelMeta(experimentDir),
  };
}

/** The checkpoint's classes in its own order, each with its colour from the meta (or a stable one). */
export function classesWithColours(classes: readonly string[], meta: ProjectMeta): DrawnClass[] {
  const colours = new Map(meta.classes.map((classMeta) => [classMeta.title, classMeta.color]));
  return classes.map((name, index) => ({ name, color: colours.get(name) ?? classColor(index) }));
}
