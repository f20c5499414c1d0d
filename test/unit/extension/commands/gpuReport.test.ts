import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GpuEnvironmentReport } from '../../../../src/core/gpuEnvironment';
import {
  formatGpuReport,
  gpuVerdict,
  parseGpuReport,
} from '../../../../src/extension/workbench/commands/gpuReport';
import { UserError } from '../../../../src/extension/workbench/userError';

const UNAVAILABLE: GpuEnvironmentReport = {
  node: { version: 'v22.11.0', platform: 'linux', arch: 'x64', cpus: 16 },
  backends: [
    { name: 'tensorflow-gpu', loads: false, detail: 'libcudnn.so.8: cannot open shared object file' },
    { name: 'tensorflow', loads: true, detail: '' },
    { name: 'wasm', loads: true, detail: '' },
  ],
  nvidiaSmi: {
    found: true,
    driverVersion: '550.54.15',
    cudaVersion: '12.4',
    gpus: [{ name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 }],
    detail: '',
  },
  required: { tensorflow: '2.9.1', cuda: '11.2', cudnn: '8.1' },
  libraries: [
    {
      name: 'libcudart.so.11.0',
      required: '11.2',
      found: ['/usr/local/cuda-11.2/lib64/libcudart.so.11.0'],
      ok: true,
    },
    { name: 'libcudnn.so.8', required: '8.1', found: [], ok: false },
  ],
  verdict: 'gpu-unavailable',
  fixes: [
    'sudo apt-get install libcudnn8=8.1.1.33-1+cuda11.2',
    'export LD_LIBRARY_PATH=/usr/local/cuda-11.2/lib64',
  ],
};

describe('the GPU environment report', () => {
  it('parses what doctor --json prints', () => {
    assert.deepEqual(parseGpuReport(JSON.stringify(UNAVAILABLE)), UNAVAILABLE);
  });

  it('reports an answer that is not JSON, or not a report, instead of trusting it', () => {
    assert.throws(
      () => parseGpuReport('train-studio 1.0.0\nnode v22'),
      (error: unknown) => error instanceof UserError && error.message.includes('did not print JSON'),
    );
    const wrong = { ...UNAVAILABLE, verdict: 'maybe' };
    assert.throws(
      () => parseGpuReport(JSON.stringify(wrong)),
      (error: unknown) =>
        error instanceof UserError && error.message.includes('does not understand: verdict: '),
    );
    assert.throws(
      () => parseGpuReport('[]'),
      (error: unknown) =>
        error instanceof UserError && error.message.includes('does not understand: the report: '),
    );
  });

  it('tells every part: backends, nvidia-smi, the libraries against what tfjs-node-gpu needs, and the fixes', () => {
    const lines = formatGpuReport(UNAVAILABLE);
    assert.ok(
      lines.includes('  ✗ tensorflow-gpu  does not load: libcudnn.so.8: cannot open shared object file'),
    );
    assert.ok(lines.includes('  ✓ tensorflow      loads'));
    assert.ok(lines.includes('nvidia-smi   driver 550.54.15, supports CUDA up to 12.4'));
    assert.ok(lines.includes('  GPU 0: NVIDIA H100 80GB HBM3, 81559 MiB'));
    assert.ok(lines.includes('tfjs-node-gpu needs TensorFlow 2.9.1, CUDA 11.2 and cuDNN 8.1.'));
    assert.ok(lines.includes('  ✗ libcudnn.so.8 (needs 8.1): not found'));
    assert.ok(lines.includes('  1. sudo apt-get install libcudnn8=8.1.1.33-1+cuda11.2'));
    assert.ok(
      lines.includes('Verdict      A GPU is present, but training cannot use it and runs on the CPU.'),
    );
  });

  it('gives a verdict for each case', () => {
    assert.equal(
      gpuVerdict({ ...UNAVAILABLE, verdict: 'gpu-ready' }),
      'Training uses the GPU (NVIDIA H100 80GB HBM3).',
    );
    const none = {
      ...UNAVAILABLE,
      verdict: 'no-gpu' as const,
      nvidiaSmi: { found: false, gpus: [], detail: 'not on PATH' },
    };
    assert.equal(gpuVerdict(none), 'No NVIDIA GPU was found: training runs on the CPU.');
    assert.ok(formatGpuReport(none).includes('nvidia-smi   not found: not on PATH'));
  });
});
