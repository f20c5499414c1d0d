import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { AppState, ProjectMeta, TrainValSplitFile } from '../../core/schemas';
import { writeFileAtomic, writeJsonAtomic } from '../../data/atomicWrite';
import { EXPERIMENT_FILES } from '../experiments/layout';

// The files that let anyone repeat a run: its settings, its hyperparameters, its exact split and the classes
// it learned. They are written before training starts, so that a run that dies still has them, and again
// by finalise.

export interface RunMetadata {
  /** With paths rebased onto the experiment folder. */
  readonly appState: AppState;
  readonly hyperparametersText: string;
  /** The hyperparameters as parsed, written out in full when the user's text was empty. */
  readonly hyperparameters: unknown;
  readonly split: TrainValSplitFile;
  readonly modelMeta: ProjectMeta;
}

const DEFAULTS_HEADER =
  '# The app_state gave no hyperparameters: these are the framework defaults the run used.\n';

function hyperparametersFile(metadata: RunMetadata): string {
  if (metadata.hyperparametersText.trim() !== '') return metadata.hyperparametersText;
  return DEFAULTS_HEADER + toYaml(metadata.hyperparameters);
}

export function writeRunMetadata(experimentDir: string, metadata: RunMetadata): void {
  const file = (name: string) => path.join(experimentDir, name);
  writeJsonAtomic(file(EXPERIMENT_FILES.appState), metadata.appState);
  writeFileAtomic(file(EXPERIMENT_FILES.hyperparameters), hyperparametersFile(metadata));
  writeJsonAtomic(file(EXPERIMENT_FILES.split), metadata.split);
  writeJsonAtomic(file(EXPERIMENT_FILES.modelMeta), metadata.modelMeta);
}

/** What experiment_info.json says about those files: where they are, and the split's sizes. */
export function metadataInfo(metadata: RunMetadata) {
  return {
    app_state: EXPERIMENT_FILES.appState,
    hyperparameters: EXPERIMENT_FILES.hyperparameters,
    train_val_split: EXPERIMENT_FILES.split,
    model_meta: EXPERIMENT_FILES.modelMeta,
    train_size: metadata.split.train.length,
    val_size: metadata.split.val.length,
  };
}
