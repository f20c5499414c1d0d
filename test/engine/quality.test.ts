import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TASK_TYPES } from '../../src/core/names';
import { convertForTask } from '../../src/data/convert';
import type { DatasetItem } from '../../src/data/model';
import { readDataset } from '../../src/data/readers';
import type { EngineTask } from '../../src/engine/contracts';
import { generateFixtures } from '../fixtures/generate';
import { hyperparameters, recordTraining, shapesDataset, TEST_BACKENDS, temporaryFolder } from './support';

// The quality bar, on the generated fixtures, on CPU: each model must learn its task, not just run.
// The epochs are the fewest that clear the bar with a margin on a 2-core machine; the printed figures go
// in the README.

const OBJECT_CLASSES = ['square', 'donut', 'triangle', 'blob'];

interface QualityCase {
  readonly task: EngineTask;
  readonly arch: string;
  readonly bar: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly inputSize: number;
  readonly lr: number;
}

const CASES: readonly QualityCase[] = [
  {
    task: TASK_TYPES.classification,
    arch: 'cls-s',
    bar: 0.95,
    epochs: 25,
    batchSize: 16,
    inputSize: 32,
    lr: 0.01,
  },
  {
    task: TASK_TYPES.objectDetection,
    arch: 'det-centernet-s',
    bar: 0.8,
    epochs: 30,
    batchSize: 8,
    inputSize: 64,
    lr: 0.003,
  },
  {
    task: TASK_TYPES.semanticSegmentation,
    arch: 'seg-unet-s',
    bar: 0.7,
    epochs: 12,
    batchSize: 8,
    inputSize: 64,
    lr: 0.01,
  },
];

interface Split {
  readonly classes: readonly string[];
  readonly train: readonly DatasetItem[];
  readonly val: readonly DatasetItem[];
}

/** Objects on noise (the fixture generator's Supervisely project), converted for the task; every fifth image is val. */
function objectDataset(folder: string, task: EngineTask): Split {
  const root = path.join(folder, 'objects');
  if (!fs.existsSync(root)) generateFixtures({ seed: 21, outDir: root, imagesPerDataset: 60, size: 64 });
  const { items } = convertForTask(readDataset(path.join(root, 'supervisely')), task).index;
  const isVal = (position: number) => position % 5 === 4;
  return {
    classes: OBJECT_CLASSES,
    train: items.filter((_, position) => !isVal(position)),
    val: items.filter((_, position) => isVal(position)),
  };
}

describe('quality on the generated fixtures', () => {
  let folder: string;
  before(() => {
    folder = temporaryFolder('quality');
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const { task, arch, bar, epochs, batchSize, inputSize, lr } of CASES) {
    it(`${arch} reaches ${String(bar)} on its validation metric`, async () => {
      // Classification learns shapes drawn in every colour, so colour alone cannot give the class away.
      const { classes, train, val } =
        task === TASK_TYPES.classification ? shapesDataset(folder, 100) : objectDataset(folder, task);
      const started = performance.now();
      const { result } = await recordTraining({
        runId: `quality-${arch}`,
        task,
        arch,
        classes,
        train,
        val,
        hyperparameters: hyperparameters({
          epochs,
          batch_size: batchSize,
          input_size: inputSize,
          optimizer: { lr },
          warmup: { steps: 10 },
          // Crops would cut the fixture's small objects; flips and colour still apply.
          ...(task === TASK_TYPES.classification ? {} : { augmentation: { scale: [1, 1] } }),
          checkpoint_freq: 0,
        }),
        outputDir: path.join(folder, arch),
        backends: TEST_BACKENDS,
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${arch}: ${JSON.stringify(result.bestMetric)} after ${String(epochs)} epochs, ${seconds.toFixed(0)} s`,
      );
      assert.ok((result.bestMetric?.value ?? 0) >= bar, JSON.stringify(result.bestMetric));
    });
  }
});
