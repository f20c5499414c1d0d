import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { warmedUpDecay, WeightAverage } from '../../../../src/engine/train/weightAverage';
import { tinyNetwork, useCpu, valuesOf } from './support';

describe('EMA of the weights', () => {
  before(useCpu);

  it('warms its decay up as min(decay, (1 + n) / (10 + n))', () => {
    assert.equal(warmedUpDecay(0.9998, 0), 0.1);
    assert.equal(warmedUpDecay(0.9998, 90), 91 / 100);
    assert.equal(warmedUpDecay(0.99, 100000), 0.99);
  });

  it('averages trainable weights and batch-norm state alike', () => {
    const network = tinyNetwork();
    const all = [...network.trainable, ...network.state];
    const average = new WeightAverage(all, 0.9);
    const start = valuesOf(all);
    tf.tidy(() => {
      all.forEach(({ variable }) => {
        variable.assign(tf.add(variable, 1));
      });
      average.update();
    });
    // First update: decay 0.1, so the average moves 90% of the way to the new values.
    valuesOf(average.averaged).forEach((values, tensor) => {
      values.forEach((value, index) => {
        const expected = (start[tensor]?.[index] ?? 0) + 0.9;
        assert.ok(Math.abs(value - expected) < 1e-6, `${value} vs ${expected}`);
      });
    });
    assert.equal(average.updates, 1);
    average.dispose();
    network.dispose();
  });

  it('lends the averaged values to the network for a while, then puts the weights back', async () => {
    const network = tinyNetwork();
    const all = [...network.trainable, ...network.state];
    const average = new WeightAverage(all, 0.9);
    tf.tidy(() => {
      all.forEach(({ variable }) => {
        variable.assign(tf.mul(variable, 3));
      });
    });
    const trained = valuesOf(all);
    const averaged = valuesOf(average.averaged);
    const before = tf.memory().numTensors;
    const seen = await average.withAveragedWeights(() => Promise.resolve(valuesOf(all)));
    assert.deepEqual(seen, averaged);
    assert.deepEqual(valuesOf(all), trained);
    assert.equal(tf.memory().numTensors, before);
    // Updating after a loan must not write through to the network's weights.
    tf.tidy(() => {
      average.update();
    });
    assert.deepEqual(valuesOf(all), trained);
    average.reset();
    assert.deepEqual(valuesOf(average.averaged), trained);
    assert.equal(average.updates, 0);
    average.dispose();
    network.dispose();
  });
});
