import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'node:test';
import { TRAINING_BACKENDS } from '../../../../src/core/events';
import { DeviceError, selectBackend } from '../../../../src/engine/backend';
import { findKernel } from '../../../../src/engine/backend/kernels/host';
import { GPU_MISSING_MESSAGE } from '../../../../src/engine/backend/nativePackages';

// Here neither native package is installed, so the chain ends on wasm. Runs in this order: the first test
// is the one that pays for loading and checking.
describe('selectBackend on this machine', () => {
  it('registers our kernels only on a backend it tries', async () => {
    const selected = await selectBackend({ only: [TRAINING_BACKENDS.cpu] });
    assert.equal(selected.backend, TRAINING_BACKENDS.cpu);
    assert.equal(tf.getBackend(), 'cpu');
    assert.deepEqual(selected.skipped, []);
    assert.equal(
      selected.summary,
      'Training on cpu (pure JavaScript, tfjs-backend-cpu 4.22.0: slow, for tiny tests)',
    );
    assert.equal(findKernel(tf.Conv2DBackpropFilter, 'wasm'), undefined, 'wasm is not even loaded');
  });

  it('skips the missing native packages, saying why, and trains on wasm', async () => {
    const tensors = tf.memory().numTensors;
    const started = performance.now();
    const selected = await selectBackend({ device: null, searchDirectories: [process.cwd()] });
    const firstMs = performance.now() - started;
    assert.equal(selected.backend, TRAINING_BACKENDS.wasm);
    assert.equal(tf.getBackend(), 'wasm');
    assert.deepEqual(selected.skipped, [
      { backend: TRAINING_BACKENDS.tensorflowGpu, reason: GPU_MISSING_MESSAGE },
      {
        backend: TRAINING_BACKENDS.tensorflowCpu,
        reason:
          "@tensorflow/tfjs-node is not installed (optional: 'npm install @tensorflow/tfjs-node' in your " +
          'workspace trains several times faster than wasm)',
      },
    ]);
    assert.match(
      selected.summary,
      /^Training on wasm \(SIMD, 1 thread\): tensorflow-gpu skipped: GPU training is off/,
    );
    assert.match(
      selected.summary,
      /\(it downloads libtensorflow\); tensorflow skipped: @tensorflow\/tfjs-node is not/,
    );
    assert.equal(tf.memory().numTensors, tensors, 'the self-check leaves no tensors behind');

    await tf.setBackend('cpu');
    const again = performance.now();
    assert.deepEqual(await selectBackend({ device: null }), selected);
    assert.equal(tf.getBackend(), 'wasm', 'a second call sets the backend again');
    const secondMs = performance.now() - again;
    assert.ok(
      secondMs < Math.max(50, firstMs / 5),
      `second call took ${secondMs} ms, the first ${firstMs} ms`,
    );
  });

  it("skips the GPU package with reason 'device is cpu'", async () => {
    const selected = await selectBackend({ device: 'cpu' });
    assert.equal(selected.backend, TRAINING_BACKENDS.wasm);
    assert.deepEqual(selected.skipped[0], {
      backend: TRAINING_BACKENDS.tensorflowGpu,
      reason: 'device is cpu',
    });
    assert.match(selected.summary, /tensorflow-gpu skipped: device is cpu; tensorflow skipped: /);
  });

  for (const device of ['gpu', 'gpu:1']) {
    it(`rejects device '${device}' without a GPU backend, saying what to install`, async () => {
      await assert.rejects(selectBackend({ device }), (error: unknown) => {
        assert.ok(error instanceof DeviceError);
        assert.match(
          error.message,
          new RegExp(
            `^options.device is '${device}', but @tensorflow/tfjs-node-gpu is not installed: run 'npm install @tensorflow/tfjs-node-gpu'`,
          ),
        );
        assert.match(error.message, /CUDA 11\.2 and cuDNN 8\.1.*Or set options\.device to null or 'cpu'\.$/);
        return true;
      });
    });
  }

  for (const device of ['GPU', 'gpu:', 'gpu:x', 'cuda:0', 'tpu']) {
    it(`rejects the unknown device '${device}', naming the accepted forms`, async () => {
      await assert.rejects(selectBackend({ device }), (error: unknown) => {
        assert.ok(error instanceof DeviceError);
        assert.equal(
          error.message,
          `Unknown device '${device}' in options.device: use null (the fastest available), 'cpu', 'gpu', ` +
            `or 'gpu:N' for the GPU with index N (e.g. 'gpu:0').`,
        );
        return true;
      });
    });
  }
});
