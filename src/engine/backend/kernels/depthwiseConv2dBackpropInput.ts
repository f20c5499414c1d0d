import type * as tf from '@tensorflow/tfjs-core';
import { forEachDepthwiseTap, gradientKernel } from './convGradientParts';

/** The input gradient of a depthwise convolution (missing on wasm): each output pixel scatters into its window. */
export const depthwiseConv2dBackpropInput = gradientKernel('depthwise', (host, inputs, geometry) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { inChannels, outChannels, inShape } = geometry;
  const multiplier = outChannels / inChannels;
  const dx = host.zeros(inShape);
  const dxValues = host.floats(dx);
  const dyValues = host.floats(dy);
  const filterValues = host.floats(filter);
  forEachDepthwiseTap(geometry, (dyStart, dxStart, filterStart) => {
    for (let channel = 0; channel < inChannels; channel++) {
      let sum = 0;
      for (let copy = 0; copy < multiplier; copy++) {
        const out = channel * multiplier + copy;
        sum += (dyValues[dyStart + out] ?? 0) * (filterValues[filterStart + out] ?? 0);
      }
      dxValues[dxStart + channel] = (dxValues[dxStart + channel] ?? 0) + sum;
    }
  });
  return dx;
});
