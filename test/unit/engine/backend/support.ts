import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { relativeError } from '../../../../src/engine/backend/compare';
import { registerCoreGradients } from '../../../../src/engine/backend/coreGradients';
import { registerGradientKernels, withStockKernels } from '../../../../src/engine/backend/kernels/registry';
import { loadWasmBackend } from '../../../../src/engine/backend/wasmRuntime';

/** What the issue asks of every kernel of ours, as max |a - b| / max |b| per tensor (see compare.ts). */
export const KERNEL_TOLERANCE = 1e-4;

/** Where a computation runs: a backend with our kernels, or the stock cpu backend as the reference. */
export type Target = 'wasm' | 'cpu' | 'stock cpu';

/** Both backends loaded, with tfjs-core's gradients and our kernels registered. */
export async function prepareBackends(): Promise<void> {
  registerCoreGradients();
  const problem = await loadWasmBackend();
  assert.equal(problem, undefined);
  registerGradientKernels('wasm');
  registerGradientKernels('cpu');
  assert.ok(await tf.setBackend('wasm'));
}

/** Deterministic values in [-1, 1), different per seed, with exact zeros as ReLU outputs have. */
export function fixedTensor(shape: readonly number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = Float32Array.from({ length: size }, (_, index) => {
    const value = (((index + 1) * 2654435761 + seed * 40503) % 2001) / 1000 - 1;
    return index % 7 === 3 ? 0 : value;
  });
  return tf.tensor(values, [...shape]);
}

/** A forward convolution of any kind, the function whose gradients the kernels under test compute. */
export type Convolution = (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor;

/**
 * The gradients of sum(forward(x, filter) * upstream) for x and the filter. The upstream gradient is a
 * fixedTensor rather than ones, so the backprop kernels see a dy whose every value matters.
 */
export function inputAndFilterGradients(
  forward: Convolution,
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
): tf.Tensor[] {
  const upstream = fixedTensor(forward(x, filter).shape, 3);
  return tf.grads((value: tf.Tensor, weights: tf.Tensor) =>
    tf.sum(tf.mul(forward(value as tf.Tensor4D, weights as tf.Tensor4D), upstream)),
  )([x, filter]);
}

/** Runs `work` on a target and reads back its tensors; no tensor outlives it. */
export async function computeOn(target: Target, work: () => tf.Tensor[]): Promise<Float32Array[]> {
  const backend = target === 'wasm' ? 'wasm' : 'cpu';
  assert.ok(await tf.setBackend(backend));
  const before = tf.memory().numTensors;
  const run = () => {
    const outputs = tf.tidy(work);
    const values = outputs.map((tensor) => tensor.dataSync() as Float32Array);
    tf.dispose(outputs);
    return values;
  };
  const values = target === 'stock cpu' ? withStockKernels('cpu', run) : run();
  assert.equal(tf.memory().numTensors, before, `tensors leaked on ${target}`);
  return values;
}

/** Asserts that each output is within KERNEL_TOLERANCE of the reference's, and that the check means something. */
export function assertClose(
  label: string,
  actual: readonly Float32Array[],
  expected: readonly Float32Array[],
): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((values, index) => {
    const reference = expected[index] ?? new Float32Array();
    assert.ok(
      reference.some((value) => value !== 0),
      `${label}: output ${index} is all zeros, so it checks nothing`,
    );
    const error = relativeError(values, reference);
    assert.ok(error <= KERNEL_TOLERANCE, `${label}, output ${index}: relative error ${error}`);
  });
}

/** Asserts that `work` gives the stock cpu backend's results on each target. */
export async function assertMatchesStockCpu(
  label: string,
  targets: readonly Target[],
  work: () => tf.Tensor[],
): Promise<void> {
  const expected = await computeOn('stock cpu', work);
  for (const target of targets) assertClose(`${label} on ${target}`, await computeOn(target, work), expected);
}
