import * as tf from '@tensorflow/tfjs-core';
import { before, describe, it } from 'node:test';
import {
  filterGradientByConvolution,
  filterGradientByMatMul,
  type FilterGradientMethod,
} from '../../../../src/engine/backend/kernels/conv2dBackpropFilter';
import { kernelHost } from '../../../../src/engine/backend/kernels/host';
import {
  assertClose,
  assertMatchesStockCpu,
  computeOn,
  fixedTensor,
  inputAndFilterGradients,
  prepareBackends,
  type Convolution,
} from './support';

interface ConvCase {
  readonly input: [number, number, number, number];
  readonly kernel: number;
  readonly outChannels: number;
  readonly stride: 1 | 2;
  readonly pad: 'same' | 'valid' | number;
}

// Strides 1 and 2, both paddings, kernels 1 to 3, odd and non-square inputs, batches of 1 to 3 and 1 to 64
// channels: the shapes the models use, and the edges where padding turns asymmetric or rows go unread.
const CASES: readonly ConvCase[] = [
  { input: [1, 5, 5, 1], kernel: 1, outChannels: 1, stride: 1, pad: 'valid' },
  { input: [2, 7, 7, 3], kernel: 3, outChannels: 8, stride: 1, pad: 'same' },
  { input: [2, 7, 7, 3], kernel: 3, outChannels: 8, stride: 2, pad: 'same' },
  { input: [3, 8, 8, 4], kernel: 2, outChannels: 6, stride: 2, pad: 'valid' },
  { input: [2, 9, 9, 5], kernel: 3, outChannels: 7, stride: 2, pad: 'valid' },
  { input: [2, 8, 8, 5], kernel: 3, outChannels: 4, stride: 2, pad: 'valid' },
  { input: [2, 6, 5, 16], kernel: 3, outChannels: 16, stride: 1, pad: 'valid' },
  { input: [2, 7, 7, 8], kernel: 2, outChannels: 8, stride: 1, pad: 'same' },
  { input: [1, 4, 4, 2], kernel: 3, outChannels: 3, stride: 1, pad: 'same' },
  { input: [2, 10, 10, 32], kernel: 1, outChannels: 64, stride: 2, pad: 'same' },
  { input: [2, 8, 8, 64], kernel: 3, outChannels: 32, stride: 2, pad: 'same' },
  // Padding wider than the filter: dx falls back to the stock kernel.
  { input: [2, 5, 5, 3], kernel: 2, outChannels: 4, stride: 1, pad: 2 },
];

const describeCase = ({ input, kernel, outChannels, stride, pad }: ConvCase) =>
  `${input.join('x')} * ${kernel}x${kernel}x${outChannels}, stride ${stride}, ${pad}`;

const filterShape = ({ input, kernel, outChannels }: ConvCase): [number, number, number, number] => [
  kernel,
  kernel,
  input[3],
  outChannels,
];

/** dx and dw of sum(conv(x, w) * upstream): Conv2DBackpropInput and Conv2DBackpropFilter with a real dy. */
function convGradients(convCase: ConvCase): () => tf.Tensor[] {
  return () => {
    const x = fixedTensor(convCase.input, 1) as tf.Tensor4D;
    const w = fixedTensor(filterShape(convCase), 2) as tf.Tensor4D;
    return inputAndFilterGradients(
      (input, filter) => tf.conv2d(input, filter, convCase.stride, convCase.pad),
      x,
      w,
    );
  };
}

/** The weight gradient by one of our two methods, called directly, whatever the heuristic would pick. */
function filterGradientBy(method: FilterGradientMethod, convCase: ConvCase): () => tf.Tensor[] {
  return () => {
    const x = fixedTensor(convCase.input, 1);
    const shape = filterShape(convCase);
    const geometry = tf.backend_util.computeConv2DInfo(
      convCase.input,
      shape,
      convCase.stride,
      1,
      convCase.pad,
    );
    const dy = fixedTensor(geometry.outShape, 3);
    const host = kernelHost(tf.getBackend() as 'wasm' | 'cpu', tf.backend());
    return [tf.engine().makeTensorFromTensorInfo(method(host, x, dy, geometry))];
  };
}

describe('convolution gradient kernels match the stock cpu backend', () => {
  before(prepareBackends);

  for (const convCase of CASES) {
    it(`dx and dw of ${describeCase(convCase)}`, () =>
      assertMatchesStockCpu(describeCase(convCase), ['wasm', 'cpu'], convGradients(convCase)));
  }

  for (const [name, method] of [
    ['matrix product', filterGradientByMatMul],
    ['forward convolution', filterGradientByConvolution],
  ] as const) {
    it(`computes dw by ${name} for every case, on wasm and cpu`, async () => {
      for (const convCase of CASES) {
        const expected = await computeOn('stock cpu', () => [convGradients(convCase)()[1] ?? tf.scalar(NaN)]);
        for (const target of ['wasm', 'cpu'] as const) {
          const actual = await computeOn(target, filterGradientBy(method, convCase));
          assertClose(`${name}: ${describeCase(convCase)} on ${target}`, actual, expected);
        }
      }
    });
  }
});

interface TransposeCase {
  readonly input: [number, number, number, number];
  readonly kernel: number;
  readonly outChannels: number;
  readonly stride: 1 | 2;
  readonly pad: 'same' | 'valid';
  readonly outSize: number;
}

// Conv2DTranspose's forward pass is Conv2DBackpropInput: the U-Net's 2x2 stride-2 upsampling, an odd output
// size, and the stride-1 and 1x1 cases.
const TRANSPOSE_CASES: readonly TransposeCase[] = [
  { input: [2, 4, 4, 16], kernel: 2, outChannels: 8, stride: 2, pad: 'same', outSize: 8 },
  { input: [2, 4, 4, 6], kernel: 3, outChannels: 5, stride: 2, pad: 'same', outSize: 7 },
  { input: [1, 5, 5, 4], kernel: 3, outChannels: 3, stride: 1, pad: 'valid', outSize: 7 },
  { input: [3, 3, 3, 2], kernel: 1, outChannels: 1, stride: 2, pad: 'valid', outSize: 5 },
];

describe('conv2dTranspose matches the stock cpu backend', () => {
  before(prepareBackends);

  for (const { input, kernel, outChannels, stride, pad, outSize } of TRANSPOSE_CASES) {
    const label = `${input.join('x')} -> ${outSize}x${outSize}x${outChannels}, ${kernel}x${kernel} stride ${stride} ${pad}`;
    it(`forward and gradients of ${label}`, () =>
      assertMatchesStockCpu(label, ['wasm', 'cpu'], () => {
        const x = fixedTensor(input, 1) as tf.Tensor4D;
        const filter = fixedTensor([kernel, kernel, outChannels, input[3]], 2) as tf.Tensor4D;
        const outputShape: [number, number, number, number] = [input[0], outSize, outSize, outChannels];
        const forward: Convolution = (value, weights) =>
          tf.conv2dTranspose(value, weights, outputShape, stride, pad);
        return [forward(x, filter), ...inputAndFilterGradients(forward, x, filter)];
      }));
  }
});
