// Inference timed from host memory to host memory, the same way on both runtimes: a batch of fixed synthetic
// images goes in as a Float32Array and every output comes back as one. tfjs's side includes making the input
// tensor and downloading the outputs, so that a backend which computes asynchronously is timed to the end.
import * as tf from '@tensorflow/tfjs-core';
import type { Network } from '../contracts';
import type { OnnxSession } from '../export';
import { mulberry32 } from '../random';
import { DEFAULT_TIMING_OPTIONS, timeBatches } from './harness';
import type { Clock, Timing, TimingOptions } from './harness';

/** The images' values do not change the work a network does; fixing them keeps runs comparable anyway. */
const SYNTHETIC_IMAGE_SEED = 1;

/** batchSize × inputSize × inputSize × 3 seeded values in [0, 1), NHWC as an ImageBatch holds them. */
export function syntheticImages(
  batchSize: number,
  inputSize: number,
  seed = SYNTHETIC_IMAGE_SEED,
): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: batchSize * inputSize * inputSize * 3 }, random);
}

/** The network in inference mode on the current tfjs backend; every tensor it makes is disposed. */
export async function timeTfjsInference(
  network: Network,
  batchSize: number,
  options: TimingOptions = DEFAULT_TIMING_OPTIONS,
  clock?: Clock,
): Promise<Timing> {
  const { inputSize } = network.spec;
  const images = syntheticImages(batchSize, inputSize);
  const run = async () => {
    const outputs = tf.tidy(() =>
      network.apply(tf.tensor4d(images, [batchSize, inputSize, inputSize, 3]), false),
    );
    try {
      await Promise.all(outputs.map((output) => output.data()));
    } finally {
      tf.dispose(outputs);
    }
  };
  return timeBatches(batchSize, run, options, clock);
}

/** An ONNX Runtime session of a model whose input is inputSize square. */
export async function timeOnnxInference(
  session: OnnxSession,
  batchSize: number,
  inputSize: number,
  options: TimingOptions = DEFAULT_TIMING_OPTIONS,
  clock?: Clock,
): Promise<Timing> {
  const images = syntheticImages(batchSize, inputSize);
  const run = async () => {
    await session.run(images, batchSize, inputSize);
  };
  return timeBatches(batchSize, run, options, clock);
}
