import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm } from '../../../../src/engine/train/clip';
import { useCpu } from './support';

describe('gradient clipping by global norm', () => {
  before(useCpu);

  it('scales all gradients together down to the maximum norm', () => {
    // Global norm of [3, 4] and [12] is 13.
    const clipped = tf.tidy(() =>
      clipByGlobalNorm([tf.tensor1d([3, 4]), tf.tensor1d([12])], 6.5).map((gradient) =>
        Array.from(gradient.dataSync()),
      ),
    );
    const scale = 6.5 / (13 + 1e-6);
    clipped.flat().forEach((value, index) => {
      assert.ok(Math.abs(value - ([3, 4, 12][index] ?? 0) * scale) < 1e-5);
    });
  });

  it('leaves gradients below the maximum as they are, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const values = tf.tidy(() =>
      Array.from(clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 1)[0]?.dataSync() ?? []),
    );
    assert.deepEqual(
      values.map((value) => Math.round(value * 1e6) / 1e6),
      [0.3, 0.4],
    );
    assert.equal(tf.memory().numTensors, before);
  });
});
