import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRAINING_BACKENDS } from '../../../../src/core/events';
import {
  CPU_PACKAGE,
  FAILING_RUNTIME,
  GPU_PACKAGE,
  loadedWith,
  selectInNewProcess,
  workingRuntime,
  useWorkspaces,
  type Outcome,
} from './nativeRuntimes';

const NOT_INSTALLED_CPU =
  "@tensorflow/tfjs-node is not installed (optional: 'npm install @tensorflow/tfjs-node' in your workspace " +
  'trains several times faster than wasm)';

function selected(outcome: Outcome) {
  assert.ok('selected' in outcome, JSON.stringify(outcome));
  return outcome.selected;
}

describe('selectBackend with native runtimes in the workspace', () => {
  const workspace = useWorkspaces();

  it('gives the first line of a failed load as the reason, and falls back to wasm', async () => {
    const result = selected(await selectInNewProcess(workspace({ [GPU_PACKAGE]: FAILING_RUNTIME })));
    assert.equal(result.backend, TRAINING_BACKENDS.wasm);
    assert.deepEqual(result.skipped, [
      {
        backend: TRAINING_BACKENDS.tensorflowGpu,
        reason: `${GPU_PACKAGE} failed to load: libcudart.so.11.0: cannot open shared object file (CUDA_VISIBLE_DEVICES=undefined)`,
      },
      { backend: TRAINING_BACKENDS.tensorflowCpu, reason: NOT_INSTALLED_CPU },
    ]);
  });

  it("sets CUDA_VISIBLE_DEVICES before loading the GPU runtime for 'gpu:N', and fails clearly", async () => {
    const outcome = await selectInNewProcess(workspace({ [GPU_PACKAGE]: FAILING_RUNTIME }), {
      device: 'gpu:3',
    });
    assert.ok('error' in outcome);
    assert.equal(outcome.error.name, 'DeviceError');
    assert.equal(
      outcome.error.message,
      `options.device is 'gpu:3', but no GPU backend works here (${GPU_PACKAGE} failed to load: libcudart.so.11.0: ` +
        `cannot open shared object file (CUDA_VISIBLE_DEVICES=3)); ${GPU_PACKAGE} 4.22 needs an NVIDIA GPU with ` +
        `CUDA 11.2 and cuDNN 8.1, on Linux or Windows x64. Or set options.device to null or 'cpu'.`,
    );
  });

  it('trains on tensorflow-gpu when the GPU runtime loads, finds a GPU and passes the self-check', async () => {
    const folder = workspace({ [GPU_PACKAGE]: workingRuntime({ usesGpu: true }) });
    const result = selected(await selectInNewProcess(folder, { device: 'gpu:1' }));
    assert.equal(result.backend, TRAINING_BACKENDS.tensorflowGpu);
    assert.deepEqual(result.skipped, []);
    assert.equal(result.summary, 'Training on tensorflow-gpu (libtensorflow with CUDA, GPU 1)');
    assert.equal(loadedWith(folder, GPU_PACKAGE), '1');
  });

  it('uses the GPU runtime on the CPU when it finds no GPU', async () => {
    const result = selected(
      await selectInNewProcess(workspace({ [GPU_PACKAGE]: workingRuntime({ usesGpu: false }) })),
    );
    assert.equal(result.backend, TRAINING_BACKENDS.tensorflowCpu);
    assert.match(result.skipped[0]?.reason ?? '', /^libtensorflow found no usable GPU/);
    assert.match(
      result.summary,
      /^Training on tensorflow \(libtensorflow on the CPU, from @tensorflow\/tfjs-node-gpu\)/,
    );
  });

  it("never loads the GPU runtime for device 'cpu'", async () => {
    const folder = workspace({
      [GPU_PACKAGE]: workingRuntime({ usesGpu: true }),
      [CPU_PACKAGE]: workingRuntime({ usesGpu: false }),
    });
    const result = selected(await selectInNewProcess(folder, { device: 'cpu' }));
    assert.equal(result.backend, TRAINING_BACKENDS.tensorflowCpu);
    assert.deepEqual(result.skipped, [{ backend: TRAINING_BACKENDS.tensorflowGpu, reason: 'device is cpu' }]);
    assert.equal(loadedWith(folder, GPU_PACKAGE), undefined);
    assert.equal(
      result.summary,
      'Training on tensorflow (libtensorflow on the CPU, from @tensorflow/tfjs-node): tensorflow-gpu skipped: device is cpu',
    );
  });

  it('skips a runtime that loads but fails the self-check', async () => {
    const folder = workspace({ [CPU_PACKAGE]: workingRuntime({ usesGpu: false, brokenRelu: true }) });
    const result = selected(await selectInNewProcess(folder));
    assert.equal(result.backend, TRAINING_BACKENDS.wasm);
    assert.match(
      result.skipped[1]?.reason ?? '',
      /^self-check failed: the loss differs from the cpu reference by \d\.\de[-+]\d+ \(relative\)$/,
    );
  });
});
