import type * as tf from '@tensorflow/tfjs-core';
import type { KernelHost } from './host';

/**
 * Tile where the result is the input repeated end to end: the batch-norm gradient tiles [1, 1, 1, C] to
 * [N, H, W, C] every step, and the stock wasm kernel does that element by element. Other tilings are left to
 * the stock kernel (undefined).
 */
export function tile(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo | undefined {
  const { x } = inputs as { x: tf.TensorInfo };
  const { reps } = attrs as unknown as tf.TileAttrs;
  const lastRepeated = reps.findLastIndex((count) => count !== 1);
  const repeatsWholeInput = x.shape.slice(0, lastRepeated + 1).every((size) => size === 1);
  if (!repeatsWholeInput || x.dtype !== 'float32') return undefined;
  const output = host.zeros(x.shape.map((size, axis) => size * (reps[axis] ?? 1)));
  const values = host.floats(output);
  values.set(host.floats(x));
  for (
    let filled = x.shape.reduce((product, size) => product * size, 1);
    filled < values.length;
    filled *= 2
  ) {
    values.copyWithin(filled, 0, Math.min(filled, values.length - filled));
  }
  return output;
}
