import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../../src/core/names';
import { IGNORE_PIXEL } from '../../../../src/engine/contracts';
import { taskHeadFor } from '../../../../src/engine/models';
import { maskToOriginal } from '../../../../src/engine/models/heads/placement';
import { batchOf, specFor, useCpuBackend } from './support';
import { assertOverfits } from './training';

const task = TASK_TYPES.semanticSegmentation;
const OPTIONS = { scoreThreshold: 0, nmsIouThreshold: 0.5, maxDetections: 1 };

/** Left half class 1, right half class 2, a column of ignored pixels. */
function halvesMask(size: number, side: number): Uint8Array {
  return Uint8Array.from({ length: size * side * side }, (_, i) => {
    const x = i % side;
    if (x === 3) return IGNORE_PIXEL;
    return x < side / 2 ? 1 : 2;
  });
}

describe('segmentation head', () => {
  before(useCpuBackend);

  it('loss is the per-pixel cross-entropy mean over scored pixels only', () => {
    const head = taskHeadFor(specFor('seg-unet-s'));
    // A 32x32 image: one pixel labelled 1, one labelled 0, the rest ignored.
    const mask = new Uint8Array(32 * 32).fill(IGNORE_PIXEL);
    mask[0] = 1;
    mask[1] = 0;
    const targets = head.targets(batchOf({ task, masks: mask }, 1, 32));
    const logits = tf.tidy(() => {
      const values = new Float32Array(32 * 32 * 3).fill(0);
      values.set([0, 1, 0], 0);
      // Huge logits on ignored pixels must not matter.
      values.set([1e4, -1e4, 0], 3 * 5);
      return tf.tensor4d(values, [1, 32, 32, 3]);
    });
    const loss = head.loss([logits], targets).dataSync()[0] ?? NaN;
    const pixel0 = Math.log(Math.E + 2) - 1;
    const pixel1 = Math.log(3);
    assert.ok(Math.abs(loss - (pixel0 + pixel1) / 2) < 1e-5, `${loss}`);
    tf.dispose([logits, ...targets]);
  });

  it('rejects a mask label outside background + classes', () => {
    const head = taskHeadFor(specFor('seg-unet-s'));
    const masks = new Uint8Array(32 * 32).fill(3);
    assert.throws(
      () => head.targets(batchOf({ task, masks }, 1, 32)),
      /Mask label 3 is outside the model's 3 classes/,
    );
  });

  it('decodes the per-pixel argmax, cropped and resized back through the letterbox', async () => {
    const head = taskHeadFor(specFor('seg-unet-s', { inputSize: 32 }));
    // An original 16x8 image scaled by 2 into 32x16, placed 8 rows down: labels 1 left, 2 right, 0 in the bars.
    const logits = tf.tidy(() => {
      const values = new Float32Array(32 * 32 * 3);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          const label = y < 8 || y >= 24 ? 0 : x < 16 ? 1 : 2;
          values[(y * 32 + x) * 3 + label] = 5;
        }
      }
      return tf.tensor4d(values, [1, 32, 32, 3]);
    });
    const placement = { originalWidth: 16, originalHeight: 8, scale: 2, offsetX: 0, offsetY: 8 };
    const [prediction] = await head.decode(
      [logits],
      batchOf({ task, masks: new Uint8Array(32 * 32) }, 1, 32, [placement]),
      OPTIONS,
    );
    assert.ok(prediction?.task === task);
    assert.equal(prediction.width, 16);
    assert.equal(prediction.height, 8);
    const expected = Uint8Array.from({ length: 16 * 8 }, (_, i) => (i % 16 < 8 ? 1 : 2));
    assert.deepEqual(prediction.mask, expected);
    logits.dispose();
  });

  it('maps to an original larger than the input by nearest neighbour', () => {
    // A 4x4 input holding a 8x6 original scaled by 0.5 (4x3), placed at the top (offset 0).
    const labels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0];
    const { width, height, mask } = maskToOriginal(labels, 4, {
      originalWidth: 8,
      originalHeight: 6,
      scale: 0.5,
      offsetX: 0,
      offsetY: 0,
    });
    assert.deepEqual([width, height], [8, 6]);
    assert.deepEqual(Array.from(mask.subarray(0, 8)), [1, 1, 2, 2, 3, 3, 4, 4]);
    assert.deepEqual(Array.from(mask.subarray(40, 48)), [9, 9, 10, 10, 11, 11, 12, 12]);
  });

  it('seg-unet-s overfits one batch with plain SGD, every weight getting a gradient', () => {
    assertOverfits(specFor('seg-unet-s'), batchOf({ task, masks: halvesMask(1, 32) }, 1, 32), 12, 0.2);
  });
});
