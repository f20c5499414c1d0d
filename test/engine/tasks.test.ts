import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TASK_TYPES } from '../../src/core/names';
import type { DatasetItem } from '../../src/data/model';
import { readDataset } from '../../src/data/readers';
import { loadCheckpoint } from '../../src/engine/train';
import { generateFixtures } from '../fixtures/generate';
import { ofType, temporaryFolder, trainShapesTask } from './support';

// Detection and segmentation go through the same loop: validation decodes their outputs, and the best
// checkpoint ranks by their own metric.

describe('training every task', () => {
  let folder: string;
  let items: readonly DatasetItem[];
  before(() => {
    folder = temporaryFolder('tasks');
    generateFixtures({ seed: 3, outDir: path.join(folder, 'fixtures'), imagesPerDataset: 6, size: 64 });
    items = readDataset(path.join(folder, 'fixtures/supervisely')).items;
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const cases = [
    { task: TASK_TYPES.objectDetection, arch: 'det-centernet-s', metric: 'val_mAP50' },
    { task: TASK_TYPES.semanticSegmentation, arch: 'seg-unet-s', metric: 'val_mIoU' },
  ] as const;
  for (const { task, arch, metric } of cases) {
    it(`${task}: trains, validates on ${metric}, and saves a loadable best`, async () => {
      const outputDir = path.join(folder, arch);
      const { result, events } = await trainShapesTask(task, arch, items, outputDir, 2);
      assert.equal(result.status, 'completed');
      const finished = ofType(events, 'epoch_finished');
      assert.ok(finished.every(({ metrics }) => metric in metrics && 'val_loss' in metrics));
      assert.equal(result.bestMetric?.name, metric);
      const loaded = loadCheckpoint(path.join(outputDir, result.bestCheckpoint ?? ''));
      assert.deepEqual(loaded.spec, {
        task,
        arch,
        numClasses: loaded.spec.numClasses,
        inputSize: 64,
        seed: 11,
      });
      assert.deepEqual(loaded.classes, ['square', 'triangle']);
      loaded.network.dispose();
    });
  }
});
