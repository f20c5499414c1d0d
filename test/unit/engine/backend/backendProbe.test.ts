import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import {
  probeBackendHere,
  probeEnvironment,
  probeInChild,
} from '../../../../src/engine/backend/backendProbe';
import type { ProbeProcess } from '../../../../src/engine/backend/backendProbe';

/** A probe process running the given script in place of the CLI's `doctor --probe-backend`. */
const script = (source: string): ProbeProcess => ({
  args: ['-e', source],
  cwd: os.tmpdir(),
  env: process.env,
});

describe('probeInChild', () => {
  it("returns the child's one-line JSON result", async () => {
    const probe = await probeInChild(
      'tensorflow',
      script(
        `console.error('libtensorflow noise'); console.log(JSON.stringify({ name: 'tensorflow', loads: true, detail: 'on the CPU' }));`,
      ),
    );
    assert.deepEqual(probe, { name: 'tensorflow', loads: true, detail: 'on the CPU' });
  });

  it('survives a native addon that crashes the process, and says so with its last error line', async () => {
    const probe = await probeInChild(
      'tensorflow-gpu',
      script(
        `console.error('2024-06-03 F tensorflow/stream_executor/cuda/cuda_driver.cc:219] Check failed: CUDA_ERROR_NO_DEVICE error');` +
          `console.error('Fatal Python-free epilogue'); process.kill(process.pid, 'SIGSEGV');`,
      ),
    );
    assert.deepEqual(probe, {
      name: 'tensorflow-gpu',
      loads: false,
      detail:
        'loading it crashed the probe process (SIGSEGV): 2024-06-03 F tensorflow/stream_executor/cuda/cuda_driver.cc:219] Check failed: CUDA_ERROR_NO_DEVICE error',
    });
  });

  it('kills a probe that hangs, after the time given', async () => {
    const probe = await probeInChild('tensorflow-gpu', script('setInterval(() => {}, 1000);'), 1500);
    assert.deepEqual(probe, {
      name: 'tensorflow-gpu',
      loads: false,
      detail: 'the probe process did not finish within 2 s (libtensorflow or the GPU driver hangs)',
    });
  });

  it('reports a process that ends without a result for this backend', async () => {
    const garbage = await probeInChild(
      'tensorflow',
      script(
        `console.log('hello'); console.error('Error: Cannot find module /x/dist/cli.js'); console.error('Node.js v20'); process.exit(3);`,
      ),
    );
    assert.deepEqual(garbage, {
      name: 'tensorflow',
      loads: false,
      detail:
        'the probe process ended without a result (exit code 3): Error: Cannot find module /x/dist/cli.js',
    });
    const otherBackend = await probeInChild(
      'tensorflow',
      script(`console.log(JSON.stringify({ name: 'wasm', loads: true, detail: 'x' }));`),
    );
    assert.equal(otherBackend.loads, false);
    assert.match(otherBackend.detail, /^the probe process ended without a result \(exit code 0\)/);
  });
});

describe('probeEnvironment', () => {
  it('hides the GPUs from the tensorflow probe, and gives the GPU probe the GPUs the user chose', () => {
    const inherited = { PATH: '/usr/bin', CUDA_VISIBLE_DEVICES: '3' };
    assert.deepEqual(probeEnvironment('tensorflow', inherited), {
      PATH: '/usr/bin',
      CUDA_VISIBLE_DEVICES: '-1',
    });
    assert.deepEqual(probeEnvironment('tensorflow-gpu', inherited), {
      PATH: '/usr/bin',
      CUDA_VISIBLE_DEVICES: '3',
    });
    assert.equal(inherited.CUDA_VISIBLE_DEVICES, '3', 'the caller’s environment is left alone');
  });
});

describe('probeBackendHere', () => {
  it('finds wasm and cpu working here, described as the training log describes them', async () => {
    assert.deepEqual(await probeBackendHere('wasm', []), {
      name: 'wasm',
      loads: true,
      detail: 'SIMD, 1 thread',
    });
    assert.deepEqual(await probeBackendHere('cpu', []), {
      name: 'cpu',
      loads: true,
      detail: 'pure JavaScript, tfjs-backend-cpu 4.22.0: slow, for tiny tests',
    });
  });

  it("gives training's own reason for a runtime that is not installed", async () => {
    assert.deepEqual(await probeBackendHere('tensorflow', [os.tmpdir()]), {
      name: 'tensorflow',
      loads: false,
      detail:
        "@tensorflow/tfjs-node is not installed (optional: 'npm install @tensorflow/tfjs-node' in your workspace " +
        'trains several times faster than wasm)',
    });
  });
});
