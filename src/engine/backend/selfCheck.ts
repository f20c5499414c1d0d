import * as tf from '@tensorflow/tfjs-core';
import { relativeError } from './compare';
import { withStockKernels } from './kernels/registry';

// One SGD step of a tiny conv net on fixed data, run on a candidate backend and on the stock cpu backend: a
// backend that loads but computes wrong gradients (a broken kernel, a driver fault) is caught before training.

/** Generous next to float32 rounding (1e-6 here), tight next to a wrong gradient. */
const TOLERANCE = 1e-3;
const LEARNING_RATE = 0.1;
const CLASSES = 3;

/** Deterministic values in [-scale, scale), the same on every machine. */
function fixedTensor(shape: number[], seed: number, scale = 0.5): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const values = Float32Array.from(
    { length: size },
    (_, index) => (((index * 7919 + seed * 104729) % 1000) / 500 - 1) * scale,
  );
  return tf.tensor(values, shape);
}

type Parameters = Record<'conv1' | 'gamma' | 'beta' | 'conv2' | 'dense' | 'bias', tf.Tensor>;

/**
 * conv 3x3 stride 1 'same' -> batch norm with batch statistics -> relu -> conv 3x3 stride 2 'valid' (odd
 * input) -> relu -> global average -> dense -> softmax cross-entropy: the kernels every model trains with.
 */
function loss(images: tf.Tensor, labels: tf.Tensor, p: Parameters): tf.Scalar {
  const convolved = tf.conv2d(images as tf.Tensor4D, p.conv1 as tf.Tensor4D, 1, 'same');
  const { mean, variance } = tf.moments(convolved, [0, 1, 2]);
  const normalised = tf.relu(tf.batchNorm(convolved, mean, variance, p.beta, p.gamma, 1e-3)) as tf.Tensor4D;
  const strided = tf.relu(tf.conv2d(normalised, p.conv2 as tf.Tensor4D, 2, 'valid'));
  const logits = tf.add(tf.matMul(tf.mean<tf.Tensor2D>(strided, [1, 2]), p.dense as tf.Tensor2D), p.bias);
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

/** The loss, each gradient and each updated parameter of one step, by name. */
function trainingStep(): Map<string, Float32Array> {
  const outputs = tf.tidy(() => {
    const images = fixedTensor([2, 9, 9, 3], 1, 1);
    const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), CLASSES);
    const parameters: Parameters = {
      conv1: fixedTensor([3, 3, 3, 8], 2),
      gamma: tf.add(fixedTensor([8], 3, 0.2), 1),
      beta: fixedTensor([8], 4, 0.2),
      conv2: fixedTensor([3, 3, 8, 8], 5),
      dense: fixedTensor([8, CLASSES], 6),
      bias: fixedTensor([CLASSES], 7, 0.1),
    };
    const names = Object.keys(parameters) as (keyof Parameters)[];
    const { value, grads } = tf.valueAndGrads((...values: tf.Tensor[]) =>
      loss(
        images,
        labels,
        Object.fromEntries(names.map((name, index) => [name, values[index]])) as Parameters,
      ),
    )(names.map((name) => parameters[name]));
    const results: Record<string, tf.Tensor> = { loss: value };
    names.forEach((name, index) => {
      const gradient = grads[index] ?? tf.scalar(NaN);
      results[`gradient of ${name}`] = gradient;
      results[`updated ${name}`] = tf.sub(parameters[name], tf.mul(gradient, LEARNING_RATE));
    });
    return results;
  });
  const values = new Map(
    Object.entries(outputs).map(([name, tensor]) => [name, tensor.dataSync() as Float32Array]),
  );
  tf.dispose(outputs);
  return values;
}

let reference: Map<string, Float32Array> | undefined;

/** The stock cpu backend's step, computed once per process. Leaves cpu as the current backend. */
async function referenceStep(): Promise<Map<string, Float32Array>> {
  await tf.setBackend('cpu');
  reference ??= withStockKernels('cpu', trainingStep);
  return reference;
}

/** Runs the step on a tfjs backend; returns why it failed, or undefined when it matches the reference. */
export async function selfCheck(tfBackendName: string): Promise<string | undefined> {
  const expected = await referenceStep();
  if (!(await tf.setBackend(tfBackendName))) return `the ${tfBackendName} backend failed to initialise`;
  let actual: Map<string, Float32Array>;
  try {
    actual = trainingStep();
  } catch (error) {
    return `self-check failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  for (const [name, values] of expected) {
    const computed = actual.get(name) ?? new Float32Array();
    if (!computed.every(Number.isFinite)) return `self-check failed: the ${name} is not finite`;
    const error = relativeError(computed, values);
    if (!(error <= TOLERANCE)) {
      return `self-check failed: the ${name} differs from the cpu reference by ${error.toExponential(1)} (relative)`;
    }
  }
  return undefined;
}
