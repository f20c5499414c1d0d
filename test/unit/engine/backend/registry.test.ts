import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { before, describe, it } from 'node:test';
import { findKernel } from '../../../../src/engine/backend/kernels/host';
import { registerGradientKernels, withStockKernels } from '../../../../src/engine/backend/kernels/registry';
import { prepareBackends } from './support';

const kernelFunc = (kernelName: string, backendName: string) =>
  findKernel(kernelName, backendName)?.kernelFunc;

describe('gradient kernel registration', () => {
  before(prepareBackends);

  it('fills the kernels wasm lacks for training', () => {
    const wasm = new Set(tf.getKernelsForBackend('wasm').map((kernel) => kernel.kernelName));
    for (const name of [
      tf.Conv2DBackpropFilter,
      tf.DepthwiseConv2dNativeBackpropFilter,
      tf.DepthwiseConv2dNativeBackpropInput,
      tf.UnsortedSegmentSum,
    ]) {
      assert.ok(wasm.has(name), name);
    }
  });

  it('is idempotent: a second call keeps the kernels registered by the first', () => {
    const before = [kernelFunc(tf.Conv2DBackpropFilter, 'wasm'), kernelFunc(tf.Conv2DBackpropInput, 'cpu')];
    registerGradientKernels('wasm');
    registerGradientKernels('cpu');
    assert.deepEqual(
      [kernelFunc(tf.Conv2DBackpropFilter, 'wasm'), kernelFunc(tf.Conv2DBackpropInput, 'cpu')],
      before,
    );
  });

  it('puts the stock kernels back for the duration of withStockKernels, and ours after', () => {
    const ours = kernelFunc(tf.Conv2DBackpropFilter, 'cpu');
    const stock = withStockKernels('cpu', () => kernelFunc(tf.Conv2DBackpropFilter, 'cpu'));
    assert.ok(stock && ours && stock !== ours);
    assert.equal(kernelFunc(tf.Conv2DBackpropFilter, 'cpu'), ours);
    assert.equal(
      withStockKernels('wasm', () => kernelFunc(tf.Conv2DBackpropFilter, 'wasm')),
      undefined,
      'stock wasm has no Conv2DBackpropFilter',
    );
    assert.ok(kernelFunc(tf.Conv2DBackpropFilter, 'wasm'));
  });
});
