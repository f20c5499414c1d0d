// Ground truth in original pixels and training targets in input pixels, per task.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SHAPES } from '../../../../src/core/names';
import { DatasetError } from '../../../../src/data/errors';
import { createPipeline } from '../../../../src/engine/pipeline';
import { fitToInput } from '../../../../src/engine/pipeline/fit';
import { inputBox } from '../../../../src/engine/pipeline/targets';
import { box, makeItem, makeObject } from '../../data/handMadeIndex';
import { collect, temporaryFolder, writePng } from './support';

const CLASSES = ['cat', 'dog'];

describe('ground truth and targets', () => {
  it('gives classification labels as class indices, and refuses an item without a label', async () => {
    const folder = temporaryFolder('labels');
    const items = await Promise.all(
      ['dog', 'cat', 'dog'].map(async (label, index) => {
        const imagePath = path.join(folder, `${index}.png`);
        await writePng(imagePath, 40, 30, () => [index * 50, 0, 0]);
        return makeItem({ name: `${index}.png`, imagePath, width: 40, height: 30, tags: [{ name: label }] });
      }),
    );
    const pipeline = createPipeline(items, { task: 'classification', classes: CLASSES, inputSize: 32 });
    assert.deepEqual(pipeline.groundTruth(1), { task: 'classification', classIndex: 0 });
    const [batch] = await collect(pipeline, { order: [2, 1, 0], batchSize: 3, seed: 0 });
    assert.equal(batch?.targets.task, 'classification');
    assert.deepEqual([...batch.targets.labels], [1, 0, 1]);
    assert.deepEqual(batch.refs, ['ds/2.png', 'ds/1.png', 'ds/0.png']);

    const unlabelled = makeItem({ name: 'x.png', imagePath: '/data/x.png', tags: [{ name: 'cow' }] });
    assert.throws(
      () =>
        createPipeline([...items, unlabelled], { task: 'classification', classes: CLASSES, inputSize: 32 }),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.problem.file === '/data/x.png' &&
        /ds\/x\.png .*no image tag/.test(error.message),
    );
  });

  it('gives detection ground truth with exclusive edges and crowd flags, for the selected classes only', () => {
    const item = makeItem({
      name: 'a.png',
      width: 50,
      height: 40,
      objects: [
        makeObject('dog', box(2, 3, 11, 7)),
        makeObject('cat', box(20, 10, 29, 39), true),
        makeObject('cow', box(0, 0, 5, 5)),
        makeObject('cat', { type: SHAPES.point, x: 4, y: 4 }),
        makeObject('cat', {
          type: SHAPES.polygon,
          exterior: [
            [30, 0],
            [40, 0],
            [40, 10],
          ],
          interior: [],
        }),
      ],
    });
    const pipeline = createPipeline([item], { task: 'object detection', classes: CLASSES, inputSize: 64 });
    assert.deepEqual(pipeline.groundTruth(0), {
      task: 'object detection',
      boxes: [
        { classIndex: 1, x1: 2, y1: 3, x2: 12, y2: 8, crowd: false },
        { classIndex: 0, x1: 20, y1: 10, x2: 30, y2: 40, crowd: true },
        { classIndex: 0, x1: 30, y1: 0, x2: 40, y2: 10, crowd: false },
      ],
    });
    assert.throws(() => pipeline.groundTruth(1), /no item 1/);
  });

  it('gives the segmentation mask at original size, other classes as background', () => {
    const item = makeItem({
      name: 'a.png',
      width: 6,
      height: 4,
      objects: [makeObject('dog', box(1, 1, 2, 2)), makeObject('cow', box(4, 0, 5, 3))],
    });
    const pipeline = createPipeline([item], {
      task: 'semantic segmentation',
      classes: CLASSES,
      inputSize: 32,
    });
    const truth = pipeline.groundTruth(0);
    assert.equal(truth.task, 'semantic segmentation');
    assert.deepEqual([truth.width, truth.height], [6, 4]);
    assert.deepEqual(
      [...truth.mask],
      [0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
  });

  it('clips boxes to the crop and drops those mostly cut away, too thin, or crowds', () => {
    // A 100×100 image cropped to its right half columns 50..100 of rows 0..50, shown at 2× in a 100 input.
    const draw = { crop: { x: 50, y: 0, width: 50, height: 50 }, hflip: false, vflip: false };
    const fit = fitToInput(draw, 100, 100, 100);
    const mapped = (x1: number, y1: number, x2: number, y2: number, crowd = false) =>
      inputBox({ classIndex: 1, x1, y1, x2, y2, crowd }, fit);
    assert.deepEqual(mapped(60, 10, 70, 20), { classIndex: 1, x1: 20, y1: 20, x2: 40, y2: 40 });
    assert.deepEqual(
      mapped(40, 10, 60, 20),
      { classIndex: 1, x1: 0, y1: 20, x2: 20, y2: 40 },
      'half visible',
    );
    assert.equal(mapped(30, 10, 56, 20), undefined, 'under a quarter visible');
    assert.equal(mapped(60, 10, 60.5, 20), undefined, 'one input pixel wide');
    assert.equal(mapped(60, 10, 70, 20, true), undefined, 'a crowd');
    const flipped = fitToInput({ ...draw, hflip: true }, 100, 100, 100);
    assert.deepEqual(inputBox({ classIndex: 0, x1: 60, y1: 10, x2: 70, y2: 20 }, flipped), {
      classIndex: 0,
      x1: 60,
      y1: 20,
      x2: 80,
      y2: 40,
    });
    assert.deepEqual(fit.placement, {
      originalWidth: 100,
      originalHeight: 100,
      scale: 2,
      offsetX: -100,
      offsetY: 0,
    });
  });
});
