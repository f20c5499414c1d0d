// The models train alike on the cpu and wasm backends: same loss, gradients and batch-norm statistics. This
// is what caught the cpu backend's wrong ResizeNearestNeighbor gradient for batches of more than one image.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../../src/core/names';
import { selectBackend } from '../../../../src/engine/backend';
import type { BatchTargets, EngineTask } from '../../../../src/engine/contracts';
import { buildNetwork, taskHeadFor } from '../../../../src/engine/models';
import { ARCH_TASKS, batchOf, specFor, useCpuBackend } from './support';

const TARGETS: Readonly<Record<EngineTask, BatchTargets>> = {
  [TASK_TYPES.classification]: { task: TASK_TYPES.classification, labels: Int32Array.from([0, 2]) },
  [TASK_TYPES.objectDetection]: {
    task: TASK_TYPES.objectDetection,
    boxes: [
      [{ classIndex: 0, x1: 4, y1: 6, x2: 20, y2: 26 }],
      [{ classIndex: 2, x1: 10, y1: 0, x2: 31, y2: 12 }],
    ],
  },
  [TASK_TYPES.semanticSegmentation]: {
    task: TASK_TYPES.semanticSegmentation,
    masks: Uint8Array.from({ length: 2 * 32 * 32 }, (_, i) => (i % 7 === 0 ? 255 : i % 32 < 16 ? 1 : 2)),
  },
};

interface StepResult {
  readonly loss: number;
  readonly gradients: Float32Array[];
  readonly state: Float32Array[];
}

function trainingStep(arch: string): StepResult {
  const spec = specFor(arch);
  const network = buildNetwork(spec);
  const head = taskHeadFor(spec);
  const batch = batchOf(TARGETS[spec.task], 2, 32);
  const images = tf.tensor4d(batch.images, [2, 32, 32, 3]);
  const targets = head.targets(batch);
  const { value, grads } = tf.variableGrads(
    () => head.loss(network.apply(images, true), targets),
    network.trainable.map(({ variable }) => variable),
  );
  const result = {
    loss: value.dataSync()[0] ?? NaN,
    gradients: network.trainable.map(
      ({ variable }) => grads[variable.name]?.dataSync<'float32'>() ?? new Float32Array(),
    ),
    state: network.state.map(({ variable }) => variable.dataSync<'float32'>()),
  };
  tf.dispose([value, grads, images, ...targets]);
  network.dispose();
  return result;
}

/** The largest difference relative to the largest magnitude in `expected`. */
function relativeDifference(actual: Float32Array, expected: Float32Array): number {
  const scale = expected.reduce((max, v) => Math.max(max, Math.abs(v)), 0) || 1;
  return actual.reduce((max, v, i) => Math.max(max, Math.abs(v - (expected[i] ?? NaN)) / scale), 0);
}

describe('cpu and wasm backends', () => {
  before(useCpuBackend);

  for (const arch of Object.keys(ARCH_TASKS)) {
    it(`${arch}: one training step gives the same loss, gradients and moving statistics`, async () => {
      await useCpuBackend();
      const cpu = trainingStep(arch);
      await selectBackend({ only: ['wasm'] });
      const wasm = trainingStep(arch);
      assert.ok(
        Math.abs(cpu.loss - wasm.loss) < 1e-4 * Math.max(1, Math.abs(cpu.loss)),
        `${cpu.loss} vs ${wasm.loss}`,
      );
      cpu.gradients.forEach((gradient, i) => {
        const difference = relativeDifference(wasm.gradients[i] ?? new Float32Array(), gradient);
        assert.ok(difference < 1e-3, `gradient ${i}: ${difference}`);
      });
      cpu.state.forEach((state, i) => {
        assert.ok(relativeDifference(wasm.state[i] ?? new Float32Array(), state) < 1e-4, `state ${i}`);
      });
    });
  }
});
