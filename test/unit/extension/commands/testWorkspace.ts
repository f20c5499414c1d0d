import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { generateClassFolders } from '../../../fixtures/classFolders';
import { experimentInfoOf } from '../../../fixtures/experimentInfo';
import { generateFixtures } from '../../../fixtures/generate';
import { quickAppState } from '../../../fixtures/quickRun';

// A workspace like a user's: class folders and a Supervisely project made by the fixture generators, and
// one experiment folder laid out as the trainer leaves it (settings, info, checkpoint sidecars).

export interface TestWorkspace {
  readonly root: string;
  /** Class folders: square, disc, triangle, ring; one dataset. */
  readonly shapes: string;
  /** Supervisely: datasets train_a, train_b, train_b/night; image tag `weather`. */
  readonly supervisely: string;
  readonly experimentsDir: string;
  /** experiments/shapes/1_tfjs, completed, trained on `shapes`. */
  readonly experiment: string;
}

export const EXPERIMENT_NAME = 'shapes-run';
export const CHECKPOINTS = ['epoch_1.json', 'epoch_2.json', 'best.json', 'last.json'];

export function makeWorkspace(prefix: string): TestWorkspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ts-${prefix}-`));
  const shapes = path.join(root, 'data', 'shapes');
  generateClassFolders({ seed: 5, outDir: shapes, imagesPerClass: 6, size: 32 });
  generateFixtures({ seed: 9, outDir: path.join(root, 'data', 'objects'), imagesPerDataset: 4, size: 48 });
  const experimentsDir = path.join(root, 'experiments');
  const experiment = path.join(experimentsDir, 'shapes', '1_tfjs');
  fs.mkdirSync(path.join(experiment, 'checkpoints'), { recursive: true });
  for (const name of CHECKPOINTS) fs.writeFileSync(path.join(experiment, 'checkpoints', name), '{}\n');
  // The trainer's copy has its paths rebased onto the experiment folder.
  const appState = {
    framework: 'tfjs',
    ...quickAppState('../../../data/shapes'),
    experiment_name: EXPERIMENT_NAME,
  };
  fs.writeFileSync(path.join(experiment, 'app_state.json'), `${JSON.stringify(appState, null, 2)}\n`);
  writeExperimentInfo(
    experiment,
    experimentInfoOf({
      experiment_name: EXPERIMENT_NAME,
      framework_name: 'tfjs',
      model_name: 'Classifier-S',
      task_type: 'classification',
      project: '../../../data/shapes',
      status: 'completed',
      checkpoints: CHECKPOINTS.map((name) => `checkpoints/${name}`),
      best_checkpoint: 'best.json',
      evaluation_metrics: { precision: 0.25, accuracy: 0.5 },
      epochs: 2,
    }),
  );
  return {
    root,
    shapes,
    supervisely: path.join(root, 'data', 'objects', 'supervisely'),
    experimentsDir,
    experiment,
  };
}
