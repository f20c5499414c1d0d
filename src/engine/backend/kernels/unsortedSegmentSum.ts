import type * as tf from '@tensorflow/tfjs-core';
import type { KernelHost } from './host';

/**
 * Sums rows of x into the rows its segment ids name (missing on wasm); it is the gradient of gather, which
 * detection heads use to pick predictions at object centres. Ids outside [0, numSegments) are dropped, as in
 * TensorFlow.
 */
export function unsortedSegmentSum(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const rowShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = rowShape.reduce((product, size) => product * size, 1);
  const sums = host.zeros([numSegments, ...rowShape], x.dtype === 'int32' ? 'int32' : 'float32');
  const read = (tensor: tf.TensorInfo) =>
    tensor.dtype === 'int32' ? host.ints(tensor) : host.floats(tensor);
  const sumValues = read(sums);
  const xValues = read(x);
  const ids = host.ints(segmentIds);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row] ?? -1;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * rowSize;
    const to = segment * rowSize;
    for (let element = 0; element < rowSize; element++) {
      sumValues[to + element] = (sumValues[to + element] ?? 0) + (xValues[from + element] ?? 0);
    }
  }
  return sums;
}
