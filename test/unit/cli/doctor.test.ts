import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GpuEnvironmentReport } from '../../../src/core/gpuEnvironment';
import { CUDA_LIBRARIES } from '../../../src/engine/backend/cudaLibraries';
import { runCliInProcess } from '../../cliInProcess';
import { REPO_ROOT } from '../../paths';
import {
  FAILING_RUNTIME,
  GPU_PACKAGE,
  workingRuntime,
  useWorkspaces,
} from '../engine/backend/nativeRuntimes';

const CLI = path.join(REPO_ROOT, 'dist/cli.js');

/**
 * `train-studio doctor` as the editor runs it, with PATH holding nothing but node: nvidia-smi is then
 * missing on any machine, as it is on one without an NVIDIA driver.
 */
function doctor(args: readonly string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: path.dirname(process.execPath) };
  delete env.CUDA_VISIBLE_DEVICES;
  const result = spawnSync(process.execPath, [CLI, 'doctor', ...args], {
    cwd,
    encoding: 'utf8',
    env,
    timeout: 300_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return result;
}

const workspace = useWorkspaces();

describe('train-studio doctor', () => {
  it('--json prints one GpuEnvironmentReport: here cpu loads, no nvidia-smi, verdict no-gpu', () => {
    const { stdout } = doctor(['--json'], workspace({}));
    const report = GpuEnvironmentReport.parse(JSON.parse(stdout));
    assert.deepEqual(
      report.backends.map((backend) => [backend.name, backend.loads]),
      [
        ['tensorflow-gpu', false],
        ['tensorflow', false],
        ['wasm', true],
        ['cpu', true],
      ],
    );
    assert.match(
      report.backends[0]?.detail ?? '',
      /^GPU training is off: @tensorflow\/tfjs-node-gpu is not installed/,
    );
    assert.match(report.backends[1]?.detail ?? '', /^@tensorflow\/tfjs-node is not installed/);
    assert.equal(report.nvidiaSmi.found, false);
    assert.deepEqual(report.required, { tensorflow: '2.9.1', cuda: '11.2', cudnn: '8.1' });
    assert.equal(report.verdict, 'no-gpu');
    assert.equal(report.fixes.length, 1);
    assert.equal(report.node.version, process.version);
    if (process.platform === 'linux') {
      assert.deepEqual(
        report.libraries.map((library) => library.required),
        CUDA_LIBRARIES.map((library) => library.soname),
      );
    }
  });

  it('prints the same report for people, one section per field', () => {
    const { stdout } = doctor([], workspace({}));
    for (const pattern of [
      /^gpu backend {2}not installed$/m,
      /^backends {5}in the order training tries them\n {2}tensorflow-gpu {2}no {3}GPU training is off/m,
      /^ {2}wasm {12}yes {2}SIMD, 1 thread$/m,
      /^nvidia-smi {3}not found: nvidia-smi is not on PATH/m,
      /^needs {8}TensorFlow 2\.9\.1 with CUDA 11\.2 and cuDNN 8\.1 \(@tensorflow\/tfjs-node-gpu 4\.22\.0\)$/m,
      /^verdict {6}no-gpu: no NVIDIA GPU here; training runs on wasm$/m,
      /^fixes\n {2}1\. No NVIDIA GPU was found/m,
    ]) {
      assert.match(stdout, pattern);
    }
  });

  it('reports a GPU runtime that loads and finds a GPU as gpu-ready', () => {
    const { stdout } = doctor(['--json'], workspace({ [GPU_PACKAGE]: workingRuntime({ usesGpu: true }) }));
    const report = GpuEnvironmentReport.parse(JSON.parse(stdout));
    assert.deepEqual(report.backends[0], {
      name: 'tensorflow-gpu',
      loads: true,
      detail: 'libtensorflow with CUDA',
    });
    assert.equal(report.verdict, 'gpu-ready');
    assert.deepEqual(report.fixes, []);
  });

  it('gives the reason of a GPU runtime that fails to load', () => {
    const { stdout } = doctor(['--json'], workspace({ [GPU_PACKAGE]: FAILING_RUNTIME }));
    const report = GpuEnvironmentReport.parse(JSON.parse(stdout));
    assert.deepEqual(report.backends[0], {
      name: 'tensorflow-gpu',
      loads: false,
      detail: `${GPU_PACKAGE} failed to load: libcudart.so.11.0: cannot open shared object file (CUDA_VISIBLE_DEVICES=undefined)`,
    });
    const tensorflow = report.backends[1];
    assert.equal(tensorflow?.loads, false);
    assert.match(tensorflow.detail, /^@tensorflow\/tfjs-node is not installed/);
  });

  it('survives a GPU runtime that crashes the process loading it', () => {
    const crashing = `console.error('F cuda_driver.cc:219] Check failed: error'); process.kill(process.pid, 'SIGSEGV');`;
    const { stdout } = doctor(['--json'], workspace({ [GPU_PACKAGE]: crashing }));
    const report = GpuEnvironmentReport.parse(JSON.parse(stdout));
    for (const native of report.backends.slice(0, 2)) {
      assert.equal(native.loads, false);
      assert.equal(
        native.detail,
        'loading it crashed the probe process (SIGSEGV): F cuda_driver.cc:219] Check failed: error',
      );
    }
    assert.deepEqual(
      report.backends.slice(2).map((backend) => backend.loads),
      [true, true],
    );
  });

  it('--probe-backend tries one backend and prints its result as one JSON line', async () => {
    const { code, out } = await runCliInProcess(['doctor', '--probe-backend', 'cpu']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), {
      name: 'cpu',
      loads: true,
      detail: 'pure JavaScript, tfjs-backend-cpu 4.22.0: slow, for tiny tests',
    });
  });

  for (const [args, reason] of [
    [
      ['--probe-backend', 'cuda'],
      "--probe-backend takes one of tensorflow-gpu, tensorflow, wasm, cpu, not 'cuda'",
    ],
    [['now'], "unexpected argument 'now'"],
    [['--verbose'], "unknown option '--verbose'"],
  ] as const) {
    it(`rejects ${args.join(' ')} with exit 2 and the usage`, async () => {
      const { code, out, err } = await runCliInProcess(['doctor', ...args]);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.equal(err.split('\n')[0], `train-studio doctor: ${reason}.`);
      assert.match(err, /^Usage: train-studio doctor \[--json\]$/m);
    });
  }
});
