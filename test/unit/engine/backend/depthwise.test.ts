import * as tf from '@tensorflow/tfjs-core';
import { before, describe, it } from 'node:test';
import { assertMatchesStockCpu, fixedTensor, inputAndFilterGradients, prepareBackends } from './support';

interface DepthwiseCase {
  readonly input: [number, number, number, number];
  readonly kernel: number;
  readonly multiplier: number;
  readonly stride: 1 | 2;
  readonly pad: 'same' | 'valid';
}

const CASES: readonly DepthwiseCase[] = [
  { input: [2, 7, 7, 3], kernel: 3, multiplier: 1, stride: 1, pad: 'same' },
  { input: [2, 9, 9, 8], kernel: 3, multiplier: 1, stride: 2, pad: 'same' },
  { input: [3, 8, 8, 4], kernel: 3, multiplier: 2, stride: 2, pad: 'valid' },
  { input: [1, 6, 5, 1], kernel: 2, multiplier: 3, stride: 1, pad: 'valid' },
  { input: [2, 5, 5, 32], kernel: 1, multiplier: 1, stride: 2, pad: 'same' },
  { input: [2, 8, 8, 64], kernel: 3, multiplier: 1, stride: 1, pad: 'same' },
];

describe('depthwise convolution gradients on wasm match the stock cpu backend', () => {
  before(prepareBackends);

  for (const { input, kernel, multiplier, stride, pad } of CASES) {
    const label = `${input.join('x')} * ${kernel}x${kernel} x${multiplier}, stride ${stride}, ${pad}`;
    it(`dx and dw of ${label}`, () =>
      assertMatchesStockCpu(label, ['wasm'], () => {
        const x = fixedTensor(input, 1) as tf.Tensor4D;
        const filter = fixedTensor([kernel, kernel, input[3], multiplier], 2) as tf.Tensor4D;
        return inputAndFilterGradients(
          (value, weights) => tf.depthwiseConv2d(value, weights, stride, pad),
          x,
          filter,
        );
      }));
  }
});
