import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../../src/core/names';
import { taskHeadFor } from '../../../../src/engine/models';
import { batchOf, specFor, useCpuBackend } from './support';
import { assertOverfits } from './training';

const task = TASK_TYPES.classification;
const labels = (...values: number[]) => ({ task, labels: Int32Array.from(values) });

describe('classification head', () => {
  before(useCpuBackend);

  it('loss is the mean softmax cross-entropy, stable for large logits', () => {
    const head = taskHeadFor(specFor('cls-s'));
    const targets = head.targets(batchOf(labels(0, 2), 2, 32));
    const logits = tf.tensor2d([
      [2, 1, 0],
      [1000, 0, -1000],
    ]);
    const loss = head.loss([logits], targets);
    const first = Math.log(Math.exp(2) + Math.exp(1) + 1) - 2;
    assert.ok(Math.abs((loss.dataSync()[0] ?? NaN) - (first + 2000) / 2) < 1e-3);
    tf.dispose([logits, loss, ...targets]);
  });

  it('label smoothing spreads the target', () => {
    const head = taskHeadFor(specFor('cls-s'), { labelSmoothing: 0.3 });
    const [target] = head.targets(batchOf(labels(1), 1, 32));
    assert.ok(target);
    const values = Array.from(target.dataSync());
    [0.1, 0.8, 0.1].forEach((expected, i) => {
      assert.ok(Math.abs((values[i] ?? 0) - expected) < 1e-6);
    });
    target.dispose();
  });

  it('rejects a label outside the classes', () => {
    const head = taskHeadFor(specFor('cls-s'));
    assert.throws(
      () => head.targets(batchOf(labels(3), 1, 32)),
      /Class index 3 is outside the model's 3 classes/,
    );
  });

  it('decodes softmax probabilities per image', async () => {
    const head = taskHeadFor(specFor('cls-s'));
    const logits = tf.tensor2d([
      [0, 0, 0],
      [Math.log(1), Math.log(3), 0],
    ]);
    const predictions = await head.decode([logits], batchOf(labels(0, 1), 2, 32), {
      scoreThreshold: 0,
      nmsIouThreshold: 0.5,
      maxDetections: 1,
    });
    const scores = predictions.map((prediction) =>
      prediction.task === task ? Array.from(prediction.scores) : [],
    );
    const expected = [
      [1 / 3, 1 / 3, 1 / 3],
      [0.2, 0.6, 0.2],
    ];
    scores.forEach((row, image) => {
      row.forEach((p, i) => {
        assert.ok(Math.abs(p - (expected[image]?.[i] ?? 0)) < 1e-6);
      });
    });
    logits.dispose();
  });

  for (const arch of ['cls-s', 'cls-m']) {
    it(`${arch} overfits one batch with plain SGD, every weight getting a gradient`, () => {
      assertOverfits(specFor(arch), batchOf(labels(0, 2), 2, 32), 20, 0.05);
    });
  }
});
