// A tiny network and head implementing the engine contracts, for testing the loop's parts in
// milliseconds on the cpu backend: logits = (mean pixel per channel - running mean) · kernel + bias.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TASK_TYPES } from '../../../../src/core/names';
import { registerCoreGradients } from '../../../../src/engine/backend';
import type { ImageBatch, NamedVariable, Network, TaskHead } from '../../../../src/engine/contracts';

export async function useCpu(): Promise<void> {
  registerCoreGradients();
  await tf.setBackend('cpu');
}

export const CLASSES = 3;
export const INPUT_SIZE = 4;

export function tinyNetwork(seed = 1): Network {
  const values = (count: number) =>
    Array.from({ length: count }, (_, index) => Math.sin(seed * 7 + index) * 0.5);
  const variable = (make: () => tf.Tensor, trainable = true) => tf.tidy(() => tf.variable(make(), trainable));
  const trainable: NamedVariable[] = [
    { name: 'classifier.kernel', variable: variable(() => tf.tensor2d(values(3 * CLASSES), [3, CLASSES])) },
    { name: 'classifier.bias', variable: variable(() => tf.zeros([CLASSES])) },
  ];
  const runningMean = variable(() => tf.zeros([3]), false);
  const state: NamedVariable[] = [{ name: 'norm.moving_mean', variable: runningMean }];
  return {
    spec: { task: TASK_TYPES.classification, arch: 'tiny', numClasses: CLASSES, inputSize: INPUT_SIZE, seed },
    trainable,
    state,
    headWeightNames: new Set(['classifier.kernel', 'classifier.bias']),
    apply(images, training) {
      return tf.tidy(() => {
        const means = tf.mean(images, [1, 2]);
        if (training) runningMean.assign(tf.add(tf.mul(runningMean, 0.9), tf.mul(tf.mean(means, 0), 0.1)));
        const centred = tf.sub(means, training ? tf.mean(means, 0) : runningMean);
        const [kernel, bias] = trainable;
        if (!kernel || !bias) throw new Error('tiny network lost its weights');
        return [tf.add(tf.matMul(centred as tf.Tensor2D, kernel.variable as tf.Tensor2D), bias.variable)];
      });
    },
    dispose() {
      for (const { variable } of [...trainable, ...state]) variable.dispose();
    },
  };
}

export const tinyHead: TaskHead = {
  targets(batch) {
    if (batch.targets.task !== TASK_TYPES.classification) throw new Error('tiny head classifies');
    return [tf.oneHot(tf.tensor1d(batch.targets.labels, 'int32'), CLASSES)];
  },
  loss([logits], [expected]) {
    if (!logits || !expected) throw new Error('tiny head needs one output and one target');
    return tf.tidy(
      () =>
        tf.neg(tf.mean(tf.sum(tf.mul(tf.cast(expected, 'float32'), tf.logSoftmax(logits)), 1))) as tf.Scalar,
    );
  },
  decode() {
    return Promise.resolve([]);
  },
};

/** A batch whose class shows in its colour: class c has a bright channel c. */
export function colourBatch(labels: readonly number[]): ImageBatch {
  const pixels = INPUT_SIZE * INPUT_SIZE;
  const images = new Float32Array(labels.length * pixels * 3);
  labels.forEach((label, image) => {
    for (let pixel = 0; pixel < pixels; pixel++) {
      for (let channel = 0; channel < 3; channel++) {
        images[(image * pixels + pixel) * 3 + channel] = channel === label ? 0.9 : 0.1 + 0.01 * pixel;
      }
    }
  });
  return {
    images,
    size: labels.length,
    inputSize: INPUT_SIZE,
    targets: { task: TASK_TYPES.classification, labels: Int32Array.from(labels) },
    refs: labels.map((_, index) => `tiny/${index}`),
    placements: labels.map(() => ({ originalWidth: 4, originalHeight: 4, scale: 1, offsetX: 0, offsetY: 0 })),
  };
}

export const valuesOf = (variables: readonly NamedVariable[]): number[][] =>
  variables.map(({ variable }) => Array.from(variable.dataSync()));
