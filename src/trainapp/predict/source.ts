import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_FRAMEWORK } from '../../core/names';
import { AppState } from '../../core/schemas';
import type { ClassMeta, ExperimentInfo } from '../../core/schemas';
import { readExperimentInfo } from '../experiments';
import { chosenCheckpoint } from '../experiments/checkpointFile';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import { EXPERIMENT_FILES, EXPERIMENT_FOLDERS } from '../experiments/layout';
import { readModelClasses } from '../experiments/modelClasses';
import { RunError } from '../runError';

// What a prediction needs from the experiment folder, read and checked before any model is loaded: a
// built-in model, its checkpoint, the classes' colours from model_meta.json, and the device it ran on.

export interface PredictionSource {
  readonly info: ExperimentInfo;
  readonly checkpoint: ExperimentCheckpoint;
  /** model_meta.json's classes, which the predictions take their colours from. */
  readonly modelClasses: readonly ClassMeta[];
  /** The run's options.device, which evaluate, export and benchmark use too. */
  readonly device: string | null;
}

function checkBuiltin(experimentDir: string, info: ExperimentInfo): void {
  if (info.framework_name === BUILTIN_FRAMEWORK) return;
  throw new RunError({
    message: `${experimentDir} was trained by the ${info.framework_name} framework, and Train Studio cannot run its models, so it cannot predict with them.`,
    hint: `Run ${info.framework_name}'s own inference on its checkpoints, in ${EXPERIMENT_FOLDERS.checkpoints}/.`,
  });
}

function requiredModelClasses(experimentDir: string): readonly ClassMeta[] {
  const classes = readModelClasses(experimentDir);
  if (classes !== undefined) return classes;
  const file = path.join(experimentDir, EXPERIMENT_FILES.modelMeta);
  throw new RunError({
    message: `${file} is missing or damaged, and predictions take their classes' shapes and colours from it.`,
    hint: 'Restore the file from a copy of the experiment folder.',
    file,
  });
}

/**
 * The app_state's options.device, read without checking the rest of the file: predicting needs neither the
 * dataset nor the framework it names. Automatic (null) when the file cannot tell, as for a new run.
 */
function runDevice(experimentDir: string): string | null {
  try {
    const file = path.join(experimentDir, EXPERIMENT_FILES.appState);
    return AppState.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).options.device;
  } catch {
    return null;
  }
}

/** The experiment's checkpoint (the best one unless named) and classes; a RunError says what is missing. */
export function predictionSource(experimentDir: string, checkpoint: string | undefined): PredictionSource {
  const info = readExperimentInfo(experimentDir);
  checkBuiltin(experimentDir, info);
  return {
    info,
    checkpoint: chosenCheckpoint(experimentDir, info, checkpoint, 'predict with'),
    modelClasses: requiredModelClasses(experimentDir),
    device: runDevice(experimentDir),
  };
}
