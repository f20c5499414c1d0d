import type * as tf from '@tensorflow/tfjs-core';
import { forwardConvolution, gradientKernel } from './convGradientParts';

/**
 * The input gradient (also the forward pass of Conv2DTranspose) as a forward convolution, so that it runs in
 * the backend's Conv2D (XNNPACK on wasm, where the stock kernel is a slow direct loop): dy, with stride - 1
 * zeros between its pixels, convolved with the filter rotated by 180 degrees and its in and out channels
 * swapped. Returns undefined for paddings wider than the filter (only explicit ones), left to the stock kernel.
 */
export const conv2dBackpropInput = gradientKernel('conv2d', (host, inputs, geometry) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, padInfo } = geometry;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = geometry;
  const dilatedHeight = (outHeight - 1) * strideHeight + 1;
  const dilatedWidth = (outWidth - 1) * strideWidth + 1;
  const top = filterHeight - 1 - padInfo.top;
  const left = filterWidth - 1 - padInfo.left;
  const bottom = inHeight - dilatedHeight - top + filterHeight - 1;
  const right = inWidth - dilatedWidth - left + filterWidth - 1;
  if (Math.min(top, left, bottom, right) < 0) return undefined;

  const rotated = host.zeros([filterHeight, filterWidth, outChannels, inChannels]);
  const strided = strideHeight > 1 || strideWidth > 1;
  const dilated = strided ? host.zeros([batchSize, dilatedHeight, dilatedWidth, outChannels]) : dy;
  const filterValues = host.floats(filter);
  const rotatedValues = host.floats(rotated);
  for (let row = 0; row < filterHeight; row++) {
    for (let column = 0; column < filterWidth; column++) {
      const to = (row * filterWidth + column) * outChannels * inChannels;
      const from =
        ((filterHeight - 1 - row) * filterWidth + (filterWidth - 1 - column)) * inChannels * outChannels;
      for (let inChannel = 0; inChannel < inChannels; inChannel++) {
        for (let outChannel = 0; outChannel < outChannels; outChannel++) {
          rotatedValues[to + outChannel * inChannels + inChannel] =
            filterValues[from + inChannel * outChannels + outChannel] ?? 0;
        }
      }
    }
  }
  if (strided) {
    const dyValues = host.floats(dy);
    const dilatedValues = host.floats(dilated);
    for (let image = 0; image < batchSize; image++) {
      for (let row = 0; row < outHeight; row++) {
        for (let column = 0; column < outWidth; column++) {
          const from = ((image * outHeight + row) * outWidth + column) * outChannels;
          const to =
            ((image * dilatedHeight + row * strideHeight) * dilatedWidth + column * strideWidth) *
            outChannels;
          dilatedValues.set(dyValues.subarray(from, from + outChannels), to);
        }
      }
    }
  }
  const dx = forwardConvolution(host, dilated, rotated, { top, bottom, left, right });
  host.dispose(rotated);
  if (strided) host.dispose(dilated);
  return dx;
});
