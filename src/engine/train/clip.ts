import * as tf from '@tensorflow/tfjs-core';

/**
 * Scales the gradients together so their global L2 norm is at most maxNorm (PyTorch's clip_grad_norm_,
 * including its 1e-6 guard). Stays on the device: the norm is never read back. Call inside tf.tidy.
 */
export function clipByGlobalNorm(gradients: readonly tf.Tensor[], maxNorm: number): tf.Tensor[] {
  if (gradients.length === 0) return [];
  const norm = tf.sqrt(tf.addN(gradients.map((gradient) => tf.sum(tf.square(gradient)))));
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, tf.scalar(1e-6))));
  return gradients.map((gradient) => tf.mul(gradient, scale));
}
