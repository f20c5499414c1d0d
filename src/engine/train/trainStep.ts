import * as tf from '@tensorflow/tfjs-core';
import type { ImageBatch, Network, TaskHead } from '../contracts';
import { clipByGlobalNorm } from './clip';
import type { Optimizer } from './optimizer';
import type { WeightAverage } from './weightAverage';

export interface TrainStepParts {
  readonly network: Network;
  readonly head: TaskHead;
  readonly optimizer: Optimizer;
  /** Present when EMA is on. */
  readonly average?: WeightAverage;
  /** 0 turns clipping off. */
  readonly clipGradNorm: number;
}

/** The batch's images as the network's input tensor. */
export const imagesOf = (batch: ImageBatch): tf.Tensor4D =>
  tf.tensor4d(batch.images, [batch.size, batch.inputSize, batch.inputSize, 3]);

/**
 * One optimizer step, dispatched in a single tidy: forward, loss, gradients of the trainable weights,
 * clipping, the update and the EMA update. Returns the loss tensor (the caller reads and disposes it), so
 * the only device-to-host read of a step happens after its whole update is queued.
 */
export function trainStep(parts: TrainStepParts, batch: ImageBatch, learningRate: number): tf.Scalar {
  const { network, head, optimizer, average, clipGradNorm } = parts;
  const variables = network.trainable.map(({ variable }) => variable);
  return tf.tidy(() => {
    const images = imagesOf(batch);
    const targets = head.targets(batch);
    const { value, grads } = tf.variableGrads(
      () => head.loss(network.apply(images, true), targets),
      variables,
    );
    const present = variables.map((variable) => grads[variable.name]);
    const gradients = clipGradNorm > 0 ? clipped(present, clipGradNorm) : present;
    optimizer.apply(gradients, learningRate);
    average?.update();
    return value;
  });
}

/** Clips the gradients that exist, keeping the holes where a variable got none. */
function clipped(gradients: readonly (tf.Tensor | undefined)[], maxNorm: number): (tf.Tensor | undefined)[] {
  const scaled = clipByGlobalNorm(
    gradients.filter((gradient) => gradient !== undefined),
    maxNorm,
  );
  let next = 0;
  return gradients.map((gradient) => (gradient === undefined ? undefined : scaled[next++]));
}
