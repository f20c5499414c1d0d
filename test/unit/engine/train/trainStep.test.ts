import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { BuiltinHyperparameters } from '../../../../src/core/schemas/hyperparameters';
import { createOptimizer } from '../../../../src/engine/train/optimizer';
import { trainStep } from '../../../../src/engine/train/trainStep';
import { WeightAverage } from '../../../../src/engine/train/weightAverage';
import { colourBatch, tinyHead, tinyNetwork, useCpu, valuesOf } from './support';

const optimizerSettings = BuiltinHyperparameters.parse({ optimizer: { lr: 0.1 } }).optimizer;

async function run(steps: number, clipGradNorm: number) {
  const network = tinyNetwork();
  const optimizer = createOptimizer(optimizerSettings, network.trainable);
  const average = new WeightAverage([...network.trainable, ...network.state], 0.99);
  const parts = { network, head: tinyHead, optimizer, average, clipGradNorm };
  const batch = colourBatch([0, 1, 2, 0, 1, 2]);
  const losses: number[] = [];
  const tensorCounts: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = trainStep(parts, batch, 0.1);
    losses.push((await loss.data())[0] ?? Number.NaN);
    loss.dispose();
    tensorCounts.push(tf.memory().numTensors);
  }
  const result = {
    losses,
    tensorCounts,
    weights: valuesOf(network.trainable),
    state: valuesOf(network.state),
  };
  average.dispose();
  optimizer.dispose();
  network.dispose();
  return result;
}

describe('one training step', () => {
  before(useCpu);

  it('lowers the loss, updates batch-norm-like state, and keeps the tensor count constant', async () => {
    const { losses, tensorCounts, state } = await run(20, 0);
    assert.ok((losses.at(-1) ?? Infinity) < (losses[0] ?? 0) * 0.5, `losses ${losses.join(', ')}`);
    assert.ok(
      state[0]?.some((value) => value !== 0),
      'running mean moved',
    );
    assert.equal(new Set(tensorCounts).size, 1, `tensor counts ${tensorCounts.join(', ')}`);
  });

  it('is deterministic, and clipping changes the update', async () => {
    const before = tf.memory().numTensors;
    const first = await run(3, 0);
    assert.equal(tf.memory().numTensors, before, 'everything disposed');
    const again = await run(3, 0);
    assert.deepEqual([again.losses, again.weights], [first.losses, first.weights]);
    const clipped = await run(3, 0.01);
    assert.equal(clipped.losses[0], first.losses[0], 'same first forward pass');
    assert.notDeepEqual(clipped.weights, first.weights);
  });
});
