import type * as tf from '@tensorflow/tfjs-core';
import { forEachDepthwiseTap, gradientKernel } from './convGradientParts';

/**
 * The weight gradient of a depthwise convolution (missing on wasm). Each weight sees one channel, so this is
 * a direct loop; it accumulates in doubles, like the stock cpu kernel, because each weight sums
 * batch x output pixels products.
 */
export const depthwiseConv2dBackpropFilter = gradientKernel('depthwise', (host, inputs, geometry) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { inChannels, outChannels, filterHeight, filterWidth, filterShape } = geometry;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(filterHeight * filterWidth * outChannels);
  const xValues = host.floats(x);
  const dyValues = host.floats(dy);
  forEachDepthwiseTap(geometry, (dyStart, xStart, sumStart) => {
    for (let channel = 0; channel < inChannels; channel++) {
      const input = xValues[xStart + channel] ?? 0;
      for (let copy = 0; copy < multiplier; copy++) {
        const out = channel * multiplier + copy;
        sums[sumStart + out] = (sums[sumStart + out] ?? 0) + input * (dyValues[dyStart + out] ?? 0);
      }
    }
  });
  const gradient = host.zeros(filterShape);
  host.floats(gradient).set(sums);
  return gradient;
});
