import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../../src/core/names';
import type { TargetBox } from '../../../../src/engine/contracts';
import { taskHeadFor } from '../../../../src/engine/models';
import { centerNetTargets, gaussianRadius } from '../../../../src/engine/models/heads/centernetTargets';
import { classwiseNms } from '../../../../src/engine/models/heads/nms';
import type { ScoredBox } from '../../../../src/metrics/predictions';
import { assertClose } from '../../metrics/assertClose';
import { batchOf, specFor, useCpuBackend } from './support';
import { assertOverfits } from './training';

const task = TASK_TYPES.objectDetection;
const close = (actual: number | undefined, expected: number, tolerance = 1e-5) => {
  assertClose(actual, expected, tolerance);
};

describe('CenterNet targets', () => {
  it('uses the reference Gaussian radius', () => {
    close(gaussianRadius(10, 10), 2.7332005306815113, 1e-12);
    close(gaussianRadius(4, 6), 1.3162491545167168, 1e-12);
  });

  it('puts a peak of 1 with a Gaussian falloff at the centre cell, log size and offset beside it', () => {
    // Input 32, stride 4: an 8x8 output. Box centre (13, 9) → cell (3, 2), offset (0.25, 0.25); size 4x6 cells.
    const box: TargetBox = { classIndex: 1, x1: 5, y1: 1, x2: 21, y2: 17 };
    const targets = centerNetTargets([[], [box]], 32, 4, 2);
    const cell = (image: number, x: number, y: number) => (image * 8 + y) * 8 + x;
    const heat = (x: number, y: number, classIndex = 1) =>
      targets.heatmap[cell(1, x, y) * 2 + classIndex] ?? NaN;
    assert.equal(heat(3, 2), 1);
    // Radius floor(gaussianRadius(4, 4)) = 1, so sigma = 0.5: exp(-2) beside, exp(-4) diagonally.
    close(heat(4, 2), Math.exp(-2));
    close(heat(3, 3), Math.exp(-2));
    close(heat(4, 3), Math.exp(-4));
    assert.equal(heat(5, 2), 0);
    assert.equal(heat(3, 2, 0), 0);
    assert.equal(
      targets.heatmap.subarray(0, 8 * 8 * 2).some((v) => v !== 0),
      false,
      'image 0 has no boxes',
    );
    assert.deepEqual(Array.from(targets.size.subarray(cell(1, 3, 2) * 2, cell(1, 3, 2) * 2 + 2)), [
      Math.fround(Math.log(4)),
      Math.fround(Math.log(4)),
    ]);
    assert.deepEqual(
      Array.from(targets.offset.subarray(cell(1, 3, 2) * 2, cell(1, 3, 2) * 2 + 2)),
      [0.25, 0.25],
    );
    assert.equal(targets.mask[cell(1, 3, 2)], 1);
    assert.equal(
      targets.mask.reduce((sum, v) => sum + v, 0),
      1,
    );
  });

  it('skips empty boxes and rejects class indices outside the classes', () => {
    const empty = centerNetTargets([[{ classIndex: 0, x1: 4, y1: 4, x2: 4, y2: 9 }]], 32, 4, 1);
    assert.equal(
      empty.mask.some((v) => v !== 0),
      false,
    );
    assert.throws(
      () => centerNetTargets([[{ classIndex: 2, x1: 0, y1: 0, x2: 8, y2: 8 }]], 32, 4, 2),
      /Box class index 2 is outside the model's 2 classes/,
    );
  });
});

describe('class-wise NMS', () => {
  const box = (classIndex: number, score: number, x1: number): ScoredBox => ({
    classIndex,
    score,
    x1,
    y1: 0,
    x2: x1 + 10,
    y2: 10,
  });

  it('suppresses lower-scoring overlaps of the same class only, best first, up to the limit', () => {
    const boxes = [box(0, 0.5, 1), box(0, 0.9, 0), box(1, 0.8, 0), box(0, 0.7, 6)];
    // box(0, 0.5, 1) overlaps the best by IoU 9/11; box(0, 0.7, 6) by 4/16.
    assert.deepEqual(classwiseNms(boxes, 0.5, 10), [box(0, 0.9, 0), box(1, 0.8, 0), box(0, 0.7, 6)]);
    assert.deepEqual(classwiseNms(boxes, 0.5, 2), [box(0, 0.9, 0), box(1, 0.8, 0)]);
    assert.equal(classwiseNms(boxes, 0.95, 10).length, 4);
  });
});

describe('CenterNet head', () => {
  before(useCpuBackend);

  it('decodes peaks to boxes in original pixels: threshold, class-wise NMS, letterbox, clipping, limit', async () => {
    const spec = specFor('det-centernet-s', { numClasses: 2 });
    const head = taskHeadFor(spec);
    const side = 8;
    const logits = new Float32Array(side * side * 2).fill(-10);
    const size = new Float32Array(side * side * 2);
    const offset = new Float32Array(side * side * 2);
    const put = (
      x: number,
      y: number,
      classIndex: number,
      logit: number,
      logSize: readonly number[] = [0, 0],
      delta: readonly number[] = [0, 0],
    ) => {
      const cell = y * side + x;
      logits[cell * 2 + classIndex] = logit;
      size.set(logSize, cell * 2);
      offset.set(delta, cell * 2);
    };
    // Centre (10, 13) in input pixels, 8x12: input box (6, 7)-(14, 19).
    const firstBox = [
      [Math.log(2), Math.log(3)],
      [0.5, 0.25],
    ] as const;
    put(2, 3, 0, 2, ...firstBox);
    put(2, 3, 1, 1, ...firstBox); // the same box (size and offset belong to the cell), other class: kept
    put(3, 3, 0, 1); // next to a stronger peak: not a local maximum
    put(2, 5, 0, 1.5, [Math.log(2), Math.log(3)], [0.5, -1.75]); // same box as the first, lower score: suppressed
    put(5, 5, 1, 0); // p = 0.5, 4x4 at (20, 20)
    put(6, 1, 0, -1); // p = 0.27: under the threshold
    put(7, 0, 1, 0.5, [Math.log(4), Math.log(4)]); // 16x16 at (28, 0): leaves the image, clipped
    const outputs = [
      tf.tensor4d(logits, [1, side, side, 2]),
      tf.tensor4d(size, [1, side, side, 2]),
      tf.tensor4d(offset, [1, side, side, 2]),
    ];
    // A 16x12 original, scaled by 2 to 32x24 and placed 4 rows down.
    const placement = { originalWidth: 16, originalHeight: 12, scale: 2, offsetX: 0, offsetY: 4 };
    const batch = batchOf({ task, boxes: [[]] }, 1, 32, [placement]);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const expected = [
      { x1: 3, y1: 1.5, x2: 7, y2: 7.5, classIndex: 0, score: sigmoid(2) },
      { x1: 3, y1: 1.5, x2: 7, y2: 7.5, classIndex: 1, score: sigmoid(1) },
      { x1: 10, y1: 0, x2: 16, y2: 2, classIndex: 1, score: sigmoid(0.5) },
      { x1: 9, y1: 7, x2: 11, y2: 9, classIndex: 1, score: 0.5 },
    ];
    const decode = async (maxDetections: number) => {
      const tensorsBefore = tf.memory().numTensors;
      const [prediction] = await head.decode(outputs, batch, {
        scoreThreshold: 0.3,
        nmsIouThreshold: 0.5,
        maxDetections,
      });
      assert.equal(tf.memory().numTensors, tensorsBefore, 'decoding leaves no tensors behind');
      assert.ok(prediction?.task === task);
      return prediction.boxes;
    };
    const boxes = await decode(10);
    assert.equal(boxes.length, expected.length, JSON.stringify(boxes));
    boxes.forEach((box, i) => {
      const want = expected[i];
      assert.ok(want);
      assert.equal(box.classIndex, want.classIndex);
      for (const key of ['x1', 'y1', 'x2', 'y2', 'score'] as const) close(box[key], want[key]);
    });
    assert.equal((await decode(2)).length, 2);
    tf.dispose(outputs);
  });

  it('loss: the focal term at the 0.1 prior, plus L1 on size and offset at centres', () => {
    const spec = specFor('det-centernet-s', { numClasses: 1 });
    const head = taskHeadFor(spec);
    // One 8x8-pixel box centred on cell (2, 2) (radius 0: a lone peak); the rest of the heatmap is 0.
    const batch = batchOf({ task, boxes: [[{ classIndex: 0, x1: 6, y1: 6, x2: 14, y2: 14 }]] }, 1, 32);
    const targets = head.targets(batch);
    const prior = Math.log(0.1 / 0.9);
    const outputs = [tf.fill([1, 8, 8, 1], prior), tf.fill([1, 8, 8, 2], 0), tf.fill([1, 8, 8, 2], 0)];
    const loss = head.loss(outputs, targets).dataSync()[0] ?? NaN;
    const positive = -Math.log(0.1) * 0.9 ** 2;
    const negatives = -63 * Math.log(0.9) * 0.1 ** 2;
    const sizeL1 = 2 * Math.log(2);
    const offsetL1 = 0.5 + 0.5;
    close(loss, positive + negatives + sizeL1 + offsetL1, 1e-4);
    tf.dispose([...outputs, ...targets]);
  });

  it('det-centernet-s overfits one batch with plain SGD, every weight getting a gradient', () => {
    const boxes = [
      [{ classIndex: 0, x1: 2, y1: 4, x2: 18, y2: 22 }],
      [
        { classIndex: 1, x1: 12, y1: 10, x2: 30, y2: 28 },
        { classIndex: 0, x1: 0, y1: 0, x2: 9, y2: 9 },
      ],
    ];
    assertOverfits(specFor('det-centernet-s', { numClasses: 2 }), batchOf({ task, boxes }, 2, 32), 15, 0.02);
  });
});
