import * as tf from '@tensorflow/tfjs-core';
import type { Network } from '../contracts';
import { ExportError } from './errors';
import type { HostOutput, OnnxSession } from './onnxRuntime';

/** The largest |ONNX Runtime − tfjs| an export may show on any output value, or it is refused. */
export const PARITY_TOLERANCE = 1e-4;

export interface ParityReport {
  /** The largest absolute difference over every output value. */
  readonly maxAbsDiff: number;
  readonly outputs: readonly { readonly name: string; readonly maxAbsDiff: number }[];
  readonly images: number;
}

/** tfjs's outputs in inference mode, on the host. */
function tfjsOutputs(network: Network, images: Float32Array, batchSize: number): HostOutput[] {
  const { inputSize } = network.spec;
  const outputs = tf.tidy(() =>
    network.apply(tf.tensor4d(images, [batchSize, inputSize, inputSize, 3]), false),
  );
  try {
    return outputs.map((output, index) => ({
      name: String(index),
      dims: output.shape,
      data: output.dataSync<'float32'>(),
    }));
  } finally {
    tf.dispose(outputs);
  }
}

const sameDims = (a: readonly number[], b: readonly number[]) => a.join() === b.join();

/** max |a − b|, NaN when either holds a NaN (Math.max propagates it). */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return largest;
}

/**
 * Runs one batch of images (NHWC, as an ImageBatch holds them) through the network in inference mode and
 * through the session, and measures how far apart their outputs are. It does not judge: compare
 * `maxAbsDiff` with PARITY_TOLERANCE. A NaN anywhere makes maxAbsDiff NaN (never within tolerance).
 */
export async function measureParity(
  network: Network,
  session: OnnxSession,
  images: Float32Array,
  batchSize: number,
): Promise<ParityReport> {
  const expected = tfjsOutputs(network, images, batchSize);
  const actual = await session.run(images, batchSize, network.spec.inputSize);
  if (actual.length !== expected.length) {
    throw new ExportError({
      message: `The ONNX model has ${actual.length} outputs, the network ${expected.length}.`,
      hint: "Export the model again with Train Studio's exporter.",
    });
  }
  const outputs = actual.map((output, index) => {
    const reference = expected[index];
    if (reference === undefined || !sameDims(reference.dims, output.dims)) {
      throw new ExportError({
        message:
          `The ONNX model's output '${output.name}' has shape [${output.dims.join(', ')}] (channels last), ` +
          `but the network's is [${reference?.dims.join(', ') ?? ''}].`,
        hint: "Export the model again with Train Studio's exporter.",
      });
    }
    return { name: output.name, maxAbsDiff: maxAbsDiff(output.data, reference.data) };
  });
  const overall = outputs.reduce((largest, output) => Math.max(largest, output.maxAbsDiff), 0);
  return { maxAbsDiff: overall, outputs, images: batchSize };
}
