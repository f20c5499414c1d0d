import * as tf from '@tensorflow/tfjs-core';

/** The attributes every 2D convolution kernel shares. */
export interface ConvAttrs {
  readonly strides: [number, number] | number;
  readonly pad: tf.Conv2DBackpropFilterAttrs['pad'];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dilations?: [number, number] | number;
}

export type Shape4D = [number, number, number, number];

/**
 * The geometry of the forward convolution whose gradient a kernel computes, or undefined for channels-first
 * data, which our kernels leave to the stock ones (the engine's models are channels-last).
 */
export function convGeometry(
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  depthwise = false,
): tf.backend_util.Conv2DInfo | undefined {
  if (attrs.dataFormat === 'NCHW') return undefined;
  return tf.backend_util.computeConv2DInfo(
    inputShape as Shape4D,
    filterShape as Shape4D,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
}

/** Explicit padding for a stride-1 forward convolution, in the form the Conv2D kernels take. */
export function explicitPadding(top: number, bottom: number, left: number, right: number): number[][] {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
