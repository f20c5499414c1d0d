// Shared set-up for the model tests: the cpu backend with the engine's gradients, and tiny batches.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TASK_TYPES } from '../../../../src/core/names';
import { registerCoreGradients, registerGradientKernels } from '../../../../src/engine/backend';
import type {
  BatchTargets,
  EngineTask,
  ImageBatch,
  NetworkSpec,
  Placement,
} from '../../../../src/engine/contracts';
import { buildNetwork, taskHeadFor } from '../../../../src/engine/models';

export async function useCpuBackend(): Promise<void> {
  registerCoreGradients();
  registerGradientKernels('cpu');
  await tf.setBackend('cpu');
}

export const ARCH_TASKS: Readonly<Record<string, EngineTask>> = {
  'cls-s': TASK_TYPES.classification,
  'cls-m': TASK_TYPES.classification,
  'det-centernet-s': TASK_TYPES.objectDetection,
  'seg-unet-s': TASK_TYPES.semanticSegmentation,
};

export function specFor(arch: string, overrides: Partial<NetworkSpec> = {}): NetworkSpec {
  const task = ARCH_TASKS[arch];
  if (task === undefined) throw new Error(`no test task for ${arch}`);
  return { task, arch, numClasses: 3, inputSize: 32, seed: 7, ...overrides };
}

/** The identity placement: the image filled the input exactly. */
export function identityPlacement(inputSize: number): Placement {
  return { originalWidth: inputSize, originalHeight: inputSize, scale: 1, offsetX: 0, offsetY: 0 };
}

/** Deterministic, image-like pixel values in [0, 1]. */
export function patternImages(size: number, inputSize: number): Float32Array {
  return Float32Array.from({ length: size * inputSize * inputSize * 3 }, (_, i) => ((i * 7919) % 101) / 101);
}

export function batchOf(
  targets: BatchTargets,
  size: number,
  inputSize: number,
  placements?: Placement[],
): ImageBatch {
  return {
    images: patternImages(size, inputSize),
    size,
    inputSize,
    targets,
    refs: Array.from({ length: size }, (_, i) => `image-${i}`),
    placements: placements ?? Array.from({ length: size }, () => identityPlacement(inputSize)),
  };
}

export interface TrainingTrace {
  readonly losses: number[];
  /** Trainable weights whose gradient was all zeros at the first step. */
  readonly withoutGradient: string[];
}

/** Plain SGD on one batch, as an overfitting check; leaves no tensors behind. */
export function overfit(
  spec: NetworkSpec,
  batch: ImageBatch,
  steps: number,
  learningRate: number,
): TrainingTrace {
  const network = buildNetwork(spec);
  const head = taskHeadFor(spec);
  const images = tf.tensor4d(batch.images, [batch.size, batch.inputSize, batch.inputSize, 3]);
  const targets = head.targets(batch);
  const variables = network.trainable.map(({ variable }) => variable);
  const losses: number[] = [];
  let withoutGradient: string[] = [];
  for (let step = 0; step < steps; step++) {
    const { value, grads } = tf.variableGrads(
      () => head.loss(network.apply(images, true), targets),
      variables,
    );
    losses.push(value.dataSync()[0] ?? NaN);
    if (step === 0) {
      withoutGradient = network.trainable
        .filter(({ variable }) => {
          const gradient = grads[variable.name];
          return gradient === undefined || tf.tidy(() => tf.max(tf.abs(gradient)).dataSync()[0] === 0);
        })
        .map(({ name }) => name);
    }
    for (const { variable } of network.trainable) {
      const gradient = grads[variable.name];
      if (gradient)
        tf.tidy(() => {
          variable.assign(tf.sub(variable, tf.mul(gradient, learningRate)));
        });
    }
    tf.dispose([value, grads]);
  }
  tf.dispose([images, ...targets]);
  network.dispose();
  return { losses, withoutGradient };
}
