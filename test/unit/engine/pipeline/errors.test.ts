// Bad images give one clear error naming the file, never a sharp stack trace.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DatasetError } from '../../../../src/data/errors';
import type { DatasetItem } from '../../../../src/data/model';
import { createPipeline } from '../../../../src/engine/pipeline';
import { makeItem } from '../../data/handMadeIndex';
import { collect, temporaryFolder, writePng } from './support';

describe('image errors', () => {
  let folder: string;
  let good: DatasetItem;

  before(async () => {
    folder = temporaryFolder('errors');
    const imagePath = path.join(folder, 'good.png');
    await writePng(imagePath, 40, 30, (x, y) => [x, y, 0]);
    good = makeItem({ name: 'good.png', imagePath, width: 40, height: 30 });
  });

  async function failure(item: DatasetItem): Promise<DatasetError> {
    const pipeline = createPipeline([good, item], {
      task: 'object detection',
      classes: ['a'],
      inputSize: 32,
    });
    try {
      await collect(pipeline, { order: [0, 1], batchSize: 1, seed: 0 });
    } catch (error) {
      assert.ok(error instanceof DatasetError, String(error));
      assert.equal(error.problem.file, item.imagePath);
      assert.ok(error.message.startsWith(item.imagePath), error.message);
      assert.doesNotMatch(error.message, /\n|sharp|vips_/);
      return error;
    }
    assert.fail('no error');
  }

  it('names a file that is not an image', async () => {
    const imagePath = path.join(folder, 'text.png');
    fs.writeFileSync(imagePath, 'not a PNG at all');
    const error = await failure(makeItem({ name: 'text.png', imagePath, width: 40, height: 30 }));
    assert.match(error.message, /cannot decode the image/);
  });

  it('names a truncated image', async () => {
    const imagePath = path.join(folder, 'truncated.png');
    fs.writeFileSync(imagePath, fs.readFileSync(good.imagePath).subarray(0, 60));
    const error = await failure(makeItem({ name: 'truncated.png', imagePath, width: 40, height: 30 }));
    assert.match(error.message, /cannot decode the image/);
  });

  it('names a missing image', async () => {
    const imagePath = path.join(folder, 'gone.png');
    const error = await failure(makeItem({ name: 'gone.png', imagePath, width: 40, height: 30 }));
    assert.match(error.message, /cannot read the image/);
  });

  it('names an image whose size is not the one annotated', async () => {
    const error = await failure({ ...good, ref: 'ds/other', width: 41 });
    assert.match(error.message, /the image is 40×30, but its annotation is for 41×30/);
  });

  it('refuses more segmentation classes than a mask byte holds', () => {
    const classes = Array.from({ length: 255 }, (_, index) => `c${index}`);
    assert.throws(
      () => createPipeline([good], { task: 'semantic segmentation', classes, inputSize: 32 }),
      /at most 254 classes/,
    );
  });
});
