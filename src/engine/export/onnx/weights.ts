// tfjs weights in ONNX's layouts, converted on the host: kernels are read once and permuted in place of
// any graph op, so the exported constants are exactly the trained values.
import type * as tf from '@tensorflow/tfjs-core';

export interface HostWeight {
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

export function hostWeight(variable: tf.Variable): HostWeight {
  if (variable.dtype !== 'float32') {
    throw new Error(`A ${variable.dtype} weight cannot be exported; weights are float32.`);
  }
  return { dims: variable.shape, values: variable.dataSync<'float32'>() };
}

/** Permutes a rank-4 array: output axis i is input axis `order[i]` (numpy's transpose). */
export function transpose4(weight: HostWeight, order: readonly [number, number, number, number]): HostWeight {
  const { dims, values } = weight;
  if (dims.length !== 4) throw new Error(`transpose4 takes a rank-4 weight, got [${dims.join(', ')}].`);
  const inputStrides = [1, 1, 1, 1];
  for (let axis = 2; axis >= 0; axis--)
    inputStrides[axis] = (inputStrides[axis + 1] ?? 1) * (dims[axis + 1] ?? 1);
  const outDims = order.map((axis) => dims[axis] ?? 1);
  const strides = order.map((axis) => inputStrides[axis] ?? 0);
  const [d0 = 1, d1 = 1, d2 = 1, d3 = 1] = outDims;
  const [s0 = 0, s1 = 0, s2 = 0, s3 = 0] = strides;
  const out = new Float32Array(values.length);
  let index = 0;
  for (let a = 0; a < d0; a++) {
    for (let b = 0; b < d1; b++) {
      for (let c = 0; c < d2; c++) {
        const base = a * s0 + b * s1 + c * s2;
        for (let d = 0; d < d3; d++) out[index++] = values[base + d * s3] ?? 0;
      }
    }
  }
  return { dims: outDims, values: out };
}

/**
 * A conv kernel as ONNX wants it: tfjs's conv2d HWIO [k, k, in, out] → Conv's OIHW [out, in, k, k], and
 * conv2dTranspose's [k, k, out, in] → ConvTranspose's [in, out, k, k]. The same permutation serves both.
 */
export const kernelToOnnx = (kernel: HostWeight): HostWeight => transpose4(kernel, [3, 2, 0, 1]);
