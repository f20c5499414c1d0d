// What the convolution gradient kernels share: reading their call, running a forward convolution on the
// backend, and walking a depthwise convolution's windows.
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry, explicitPadding, type ConvAttrs } from './convGeometry';
import type { KernelHost } from './host';

type Geometry = tf.backend_util.Conv2DInfo;

/** The registry's signature for a kernel of ours; undefined hands the call back to the stock kernel. */
type GradientKernel = (
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
) => tf.TensorInfo | undefined;

/**
 * The forward convolution's geometry from a gradient kernel's call: a weight gradient is given x and the
 * filter's shape, an input gradient the filter and the input's shape.
 */
function forwardGeometry(
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
  depthwise: boolean,
): Geometry | undefined {
  const { x, filter } = inputs as { x?: tf.TensorInfo; filter?: tf.TensorInfo };
  const convAttrs = attrs as unknown as ConvAttrs & { inputShape?: number[]; filterShape?: number[] };
  const inputShape = x?.shape ?? convAttrs.inputShape;
  const filterShape = filter?.shape ?? convAttrs.filterShape;
  if (!inputShape || !filterShape)
    throw new Error('a convolution gradient call lacks x and inputShape, or filter and filterShape');
  return convGeometry(inputShape, filterShape, convAttrs, depthwise);
}

/**
 * One of our convolution gradient kernels, from its computation on the call's tensors and the forward
 * geometry. Channels-first calls go back to the registry without reaching `compute` (see convGeometry).
 */
export function gradientKernel(
  convolution: 'conv2d' | 'depthwise',
  compute: (host: KernelHost, inputs: tf.NamedTensorInfoMap, geometry: Geometry) => tf.TensorInfo | undefined,
): GradientKernel {
  return (host, inputs, attrs) => {
    const geometry = forwardGeometry(inputs, attrs, convolution === 'depthwise');
    return geometry && compute(host, inputs, geometry);
  };
}

export interface Padding {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * A stride-1 forward convolution in the backend's own Conv2D, which is fast (XNNPACK on wasm) where the stock
 * gradient kernels are slow or missing: both conv2d gradients are rewritten as one.
 */
export function forwardConvolution(
  host: KernelHost,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  { top, bottom, left, right }: Padding,
  dilations: [number, number] = [1, 1],
): tf.TensorInfo {
  return host.run(
    tf.Conv2D,
    { x, filter },
    { strides: [1, 1], pad: explicitPadding(top, bottom, left, right), dataFormat: 'NHWC', dilations },
  );
}

/**
 * Calls `visit` for every pair of an output pixel and a filter tap whose input pixel lies inside the image,
 * with where the three tensors' channels start there: dy's at the output pixel, x's (or dx's) at the input
 * pixel, the filter's at the tap. Both depthwise gradients are sums over exactly these pairs.
 */
export function forEachDepthwiseTap(
  geometry: Geometry,
  visit: (dyStart: number, inputStart: number, filterStart: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, padInfo } = geometry;
  const { strideHeight, strideWidth, filterHeight, filterWidth, dilationHeight, dilationWidth } = geometry;
  for (let image = 0; image < batchSize; image++) {
    for (let outRow = 0; outRow < outHeight; outRow++) {
      for (let outColumn = 0; outColumn < outWidth; outColumn++) {
        const dyStart = ((image * outHeight + outRow) * outWidth + outColumn) * outChannels;
        for (let filterRow = 0; filterRow < filterHeight; filterRow++) {
          const inRow = outRow * strideHeight - padInfo.top + filterRow * dilationHeight;
          if (inRow < 0 || inRow >= inHeight) continue;
          for (let filterColumn = 0; filterColumn < filterWidth; filterColumn++) {
            const inColumn = outColumn * strideWidth - padInfo.left + filterColumn * dilationWidth;
            if (inColumn < 0 || inColumn >= inWidth) continue;
            visit(
              dyStart,
              ((image * inHeight + inRow) * inWidth + inColumn) * inChannels,
              (filterRow * filterWidth + filterColumn) * outChannels,
            );
          }
        }
      }
    }
  }
}
