import * as tf from '@tensorflow/tfjs-core';
import { before, describe, it } from 'node:test';
import { assertMatchesStockCpu, fixedTensor, prepareBackends } from './support';

describe('tile on wasm matches the stock cpu backend', () => {
  before(prepareBackends);

  it('repeats [1, 1, 1, C] over [N, H, W] (the batch-norm gradient pattern)', () =>
    assertMatchesStockCpu('tile [1,1,1,16]', ['wasm'], () => [
      tf.tile(fixedTensor([1, 1, 1, 16], 1), [3, 5, 7, 1]),
    ]));

  it('repeats a whole block along leading axes', () =>
    assertMatchesStockCpu('tile [1,4,3]', ['wasm'], () => [tf.tile(fixedTensor([1, 4, 3], 1), [6, 1, 1])]));

  it('leaves other tilings to the stock kernel', () =>
    assertMatchesStockCpu('tile [2,3]', ['wasm'], () => [
      tf.tile(fixedTensor([2, 3], 1), [2, 2]),
      tf.tile(fixedTensor([1, 2, 3], 2), [2, 1, 3]),
      tf.tile(tf.tensor([1, 2, 3], [1, 3], 'int32'), [4, 1]),
    ]));

  it('gives the batch-norm gradient of the stock backend', () =>
    assertMatchesStockCpu('batch norm', ['wasm'], () => {
      const x = fixedTensor([4, 5, 5, 16], 1);
      const upstream = fixedTensor([4, 5, 5, 16], 2);
      const normalise = (input: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor) => {
        const { mean, variance } = tf.moments(input, [0, 1, 2]);
        return tf.sum(tf.mul(tf.batchNorm(input, mean, variance, offset, scale, 1e-3), upstream));
      };
      return tf.grads(normalise)([x, tf.add(fixedTensor([16], 3), 2), fixedTensor([16], 4)]);
    }));
});

describe('unsortedSegmentSum on wasm matches the stock cpu backend', () => {
  before(prepareBackends);

  it('sums rows into segments, dropping ids out of range', () =>
    assertMatchesStockCpu('segment sum', ['wasm'], () => {
      const ids = tf.tensor1d([2, 0, 2, -1, 1, 5], 'int32');
      return [tf.unsortedSegmentSum(fixedTensor([6, 4, 3], 1), ids, 3)];
    }));

  it('is the gradient of gather, as detection heads use it', () =>
    assertMatchesStockCpu('gather gradient', ['wasm'], () => {
      const indices = tf.tensor1d([3, 1, 3, 0], 'int32');
      const upstream = fixedTensor([2, 4, 5], 2);
      return [
        tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, indices, 1), upstream)))(
          fixedTensor([2, 6, 5], 1),
        ),
      ];
    }));
});
