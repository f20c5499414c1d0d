import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { GRAPH_INPUT, GraphBuilder, GraphNetwork } from '../../../../src/engine/models/graph';
import { heNormal } from '../../../../src/engine/models/initializers';
import { BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM } from '../../../../src/engine/models/layers';
import { specFor, useCpuBackend } from './support';

/** A network of one conv + batch-norm block, for looking at batch norm alone. */
function convBnNetwork() {
  const builder = new GraphBuilder(1);
  const bn = builder.batchNorm('block.bn', builder.conv('block.conv', GRAPH_INPUT, { filters: 2 }));
  return new GraphNetwork(specFor('cls-s'), builder.finish([bn], []));
}

const stateValues = (network: GraphNetwork, name: string) => {
  const weight = network.state.find((entry) => entry.name === name);
  assert.ok(weight, name);
  return Array.from(weight.variable.dataSync());
};

describe('layer library', () => {
  before(useCpuBackend);

  it('batch norm in training mode normalises with batch statistics and updates its moving ones', () => {
    const network = convBnNetwork();
    const images = tf.randomUniform<tf.Rank.R4>([2, 4, 4, 3], 0, 1, 'float32', 3);
    const [convOut] = tf.tidy(() => {
      const kernel = network.trainable.find(({ name }) => name === 'block.conv.kernel')?.variable;
      assert.ok(kernel);
      return [tf.conv2d(images, kernel as tf.Tensor4D, 1, 'same')];
    });
    const { mean, variance } = tf.moments(convOut, [0, 1, 2]);
    const [normalised] = network.apply(images, true);
    assert.ok(normalised);
    // Normalised output: zero mean and unit variance per channel (gamma 1, beta 0).
    const stats = tf.moments(normalised, [0, 1, 2]);
    for (const value of stats.mean.dataSync()) assert.ok(Math.abs(value) < 1e-5);
    const expectedVariance = Array.from(variance.dataSync(), (v) => v / (v + BATCH_NORM_EPSILON));
    stats.variance.dataSync().forEach((value, i) => {
      assert.ok(Math.abs(value - (expectedVariance[i] ?? 0)) < 1e-4);
    });

    const blend = (initial: number, batch: number) =>
      initial * BATCH_NORM_MOMENTUM + batch * (1 - BATCH_NORM_MOMENTUM);
    const expectedMean = Array.from(mean.dataSync(), (m) => blend(0, m));
    const expectedMovingVariance = Array.from(variance.dataSync(), (v) => blend(1, v));
    stateValues(network, 'block.bn.moving_mean').forEach((v, i) => {
      assert.ok(Math.abs(v - (expectedMean[i] ?? 0)) < 1e-6);
    });
    stateValues(network, 'block.bn.moving_variance').forEach((v, i) => {
      assert.ok(Math.abs(v - (expectedMovingVariance[i] ?? 0)) < 1e-6);
    });

    // Inference mode reads the moving statistics and leaves them alone.
    const movingBefore = stateValues(network, 'block.bn.moving_mean');
    const [inferred] = network.apply(images, false);
    assert.ok(inferred);
    assert.deepEqual(stateValues(network, 'block.bn.moving_mean'), movingBefore);
    const expectedInference = tf.tidy(() =>
      tf.div(
        tf.sub(convOut, tf.tensor1d(expectedMean)),
        tf.sqrt(tf.add(tf.tensor1d(expectedMovingVariance), BATCH_NORM_EPSILON)),
      ),
    );
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(inferred, expectedInference))).dataSync()[0] ?? 1);
    assert.ok(difference < 1e-5, `${difference}`);
    tf.dispose([
      images,
      convOut,
      mean,
      variance,
      normalised,
      stats.mean,
      stats.variance,
      inferred,
      expectedInference,
    ]);
    network.dispose();
  });

  it('upsamples by repeating pixels, concatenates channels, and transposed-convs to twice the size', () => {
    const builder = new GraphBuilder(1);
    const up = builder.upsample('up', GRAPH_INPUT);
    const joined = builder.concat('join', [up, up]);
    const transposed = builder.convTranspose('grow', GRAPH_INPUT, 5);
    const network = new GraphNetwork(specFor('cls-s'), builder.finish([up, joined, transposed], []));
    const images = tf.tensor4d(
      Float32Array.from({ length: 12 }, (_, i) => i),
      [1, 2, 2, 3],
    );
    const [upsampled, concatenated, grown] = network.apply(images, false);
    assert.ok(upsampled && concatenated && grown);
    assert.deepEqual(upsampled.shape, [1, 4, 4, 3]);
    const pixel = (x: number, y: number) =>
      Array.from(upsampled.dataSync().slice((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));
    assert.deepEqual(pixel(0, 0), [0, 1, 2]);
    assert.deepEqual(pixel(1, 1), [0, 1, 2]);
    assert.deepEqual(pixel(3, 2), [9, 10, 11]);
    assert.deepEqual(concatenated.shape, [1, 4, 4, 6]);
    assert.deepEqual(grown.shape, [1, 4, 4, 5]);
    tf.dispose([images, upsampled, concatenated, grown]);
    network.dispose();
  });

  it('upsampling passes each pixel the summed gradient of its copies, image by image', () => {
    const builder = new GraphBuilder(1);
    const network = new GraphNetwork(
      specFor('cls-s'),
      builder.finish([builder.upsample('up', GRAPH_INPUT)], []),
    );
    const images = tf.zeros<tf.Rank.R4>([2, 2, 2, 3]);
    const weights = tf.tensor4d(
      Float32Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => Math.floor(i / 3) + 1),
      [2, 4, 4, 3],
    );
    const gradient = tf.grad((x) => tf.sum(tf.mul(network.apply(x as tf.Tensor4D, false)[0] ?? x, weights)))(
      images,
    );
    // Image 0's weights are 1..16 row by row, image 1's 17..32: pixel (0, 0) of image 1 gets 17 + 18 + 21 + 22.
    const perPixel = Array.from(gradient.dataSync()).filter((_, i) => i % 3 === 0);
    assert.deepEqual(perPixel, [14, 22, 46, 54, 78, 86, 110, 118]);
    tf.dispose([images, weights, gradient]);
    network.dispose();
  });

  it('he-normal values: deterministic per seed and name, spread sqrt(2 / fan-in), within two deviations', () => {
    const values = heNormal(3, 'stage.conv.kernel', 20_000, 50);
    assert.deepEqual(values, heNormal(3, 'stage.conv.kernel', 20_000, 50));
    assert.notDeepEqual(values, heNormal(4, 'stage.conv.kernel', 20_000, 50));
    assert.notDeepEqual(values, heNormal(3, 'stage.conv.bias', 20_000, 50));
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean) < 0.005, `mean ${mean}`);
    assert.ok(Math.abs(std - Math.sqrt(2 / 50)) < 0.01, `std ${std}`);
    const limit = (2 * Math.sqrt(2 / 50)) / 0.87962566103423978;
    assert.ok(values.every((v) => Math.abs(v) <= limit + 1e-6));
  });

  it('rejects a layer that reads an undefined one or reuses a name', () => {
    const builder = new GraphBuilder(1);
    assert.throws(() => builder.relu('a', 'missing'), /'missing' is used before it is defined/);
    builder.relu('a', GRAPH_INPUT);
    assert.throws(() => builder.relu('a', GRAPH_INPUT), /Duplicate layer name 'a'/);
  });
});
