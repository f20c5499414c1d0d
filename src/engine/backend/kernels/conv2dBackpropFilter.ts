import * as tf from '@tensorflow/tfjs-core';
import { forwardConvolution, gradientKernel } from './convGradientParts';
import { reshaped, type KernelHost } from './host';

type Geometry = tf.backend_util.Conv2DInfo;

/** One of the two ways below to compute dw from x and dy; fasterFilterGradient picks one per layer. */
export type FilterGradientMethod = (
  host: KernelHost,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  geometry: Geometry,
) => tf.TensorInfo;

/**
 * The weight gradient as one matrix product: the input's patches, written as a [patch element, output pixel]
 * matrix, times dy as an [output pixel, out channel] matrix. The product runs in the backend's BatchMatMul
 * (XNNPACK on wasm), the JS loop only copies.
 */
export const filterGradientByMatMul: FilterGradientMethod = (host, x, dy, geometry) => {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, padInfo } = geometry;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = geometry;
  const pixels = batchSize * outHeight * outWidth;
  const patches = host.zeros([1, filterHeight * filterWidth * inChannels, pixels]);
  const patchValues = host.floats(patches);
  const xValues = host.floats(x);
  for (let filterRow = 0; filterRow < filterHeight; filterRow++) {
    for (let filterColumn = 0; filterColumn < filterWidth; filterColumn++) {
      for (let channel = 0; channel < inChannels; channel++) {
        const rowStart = ((filterRow * filterWidth + filterColumn) * inChannels + channel) * pixels;
        let pixel = 0;
        for (let image = 0; image < batchSize; image++) {
          for (let outRow = 0; outRow < outHeight; outRow++, pixel += outWidth) {
            const inRow = outRow * strideHeight - padInfo.top + filterRow;
            if (inRow < 0 || inRow >= inHeight) continue;
            const inRowStart = (image * inHeight + inRow) * inWidth;
            for (let outColumn = 0; outColumn < outWidth; outColumn++) {
              const inColumn = outColumn * strideWidth - padInfo.left + filterColumn;
              if (inColumn >= 0 && inColumn < inWidth) {
                patchValues[rowStart + pixel + outColumn] =
                  xValues[(inRowStart + inColumn) * inChannels + channel] ?? 0;
              }
            }
          }
        }
      }
    }
  }
  const product = host.run(
    tf.BatchMatMul,
    { a: patches, b: reshaped(dy, [1, pixels, outChannels]) },
    { transposeA: false, transposeB: false },
  );
  host.dispose(patches);
  return reshaped(product, geometry.filterShape);
};

/**
 * The weight gradient as a forward convolution, so that it runs in the backend's Conv2D (XNNPACK on wasm):
 * x with batch and channels swapped is convolved with dy as the filter, dilated by the stride, which sums
 * over the batch in the convolution's channel dimension.
 */
export const filterGradientByConvolution: FilterGradientMethod = (host, x, dy, geometry) => {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, padInfo } = geometry;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = geometry;
  // Rows and columns past the last window (valid padding, a stride that does not divide) are never read.
  const usedHeight = Math.min(inHeight, (outHeight - 1) * strideHeight + filterHeight - padInfo.top);
  const usedWidth = Math.min(inWidth, (outWidth - 1) * strideWidth + filterWidth - padInfo.left);
  const swappedX = host.zeros([inChannels, usedHeight, usedWidth, batchSize]);
  const dyFilter = host.zeros([outHeight, outWidth, batchSize, outChannels]);
  const swappedValues = host.floats(swappedX);
  const dyFilterValues = host.floats(dyFilter);
  const xValues = host.floats(x);
  const dyValues = host.floats(dy);
  for (let image = 0; image < batchSize; image++) {
    for (let row = 0; row < usedHeight; row++) {
      for (let column = 0; column < usedWidth; column++) {
        const from = ((image * inHeight + row) * inWidth + column) * inChannels;
        const pixel = row * usedWidth + column;
        for (let channel = 0; channel < inChannels; channel++) {
          swappedValues[(channel * usedHeight * usedWidth + pixel) * batchSize + image] =
            xValues[from + channel] ?? 0;
        }
      }
    }
    for (let pixel = 0; pixel < outHeight * outWidth; pixel++) {
      const from = (image * outHeight * outWidth + pixel) * outChannels;
      dyFilterValues.set(
        dyValues.subarray(from, from + outChannels),
        (pixel * batchSize + image) * outChannels,
      );
    }
  }
  const bottom = filterHeight + (outHeight - 1) * strideHeight - usedHeight - padInfo.top;
  const right = filterWidth + (outWidth - 1) * strideWidth - usedWidth - padInfo.left;
  const convolved = forwardConvolution(
    host,
    swappedX,
    dyFilter,
    { top: padInfo.top, bottom, left: padInfo.left, right },
    [strideHeight, strideWidth],
  );
  host.dispose(swappedX);
  host.dispose(dyFilter);
  // [in channel, filter row, filter column, out channel] -> [filter row, filter column, in channel, out channel]
  const gradient = host.zeros(geometry.filterShape);
  const gradientValues = host.floats(gradient);
  const convolvedValues = host.floats(convolved);
  const taps = filterHeight * filterWidth;
  for (let channel = 0; channel < inChannels; channel++) {
    for (let tap = 0; tap < taps; tap++) {
      const from = (channel * taps + tap) * outChannels;
      gradientValues.set(
        convolvedValues.subarray(from, from + outChannels),
        (tap * inChannels + channel) * outChannels,
      );
    }
  }
  host.dispose(convolved);
  return gradient;
};

/**
 * The faster method for a layer (test/bench/kernels.bench.ts measures both). On wasm the matrix product wins
 * while a patch is short next to the number of filters (few input channels, 1x1 kernels): its JS copy grows
 * with the patch length and its XNNPACK product with patch length x filters. The convolution wins by 2-4x on
 * long patches (a U-Net decoder's 3x3 over 48-64 concatenated channels). On cpu both run in JS, and the
 * matrix product is as fast or faster everywhere.
 */
function fasterFilterGradient(host: KernelHost, geometry: Geometry): FilterGradientMethod {
  const patchLength = geometry.filterHeight * geometry.filterWidth * geometry.inChannels;
  const longPatches = patchLength > 4 * geometry.outChannels;
  return host.backendName === 'wasm' && longPatches ? filterGradientByConvolution : filterGradientByMatMul;
}

export const conv2dBackpropFilter = gradientKernel('conv2d', (host, inputs, geometry) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  return fasterFilterGradient(host, geometry)(host, x, dy, geometry);
});
