// The layer library: a few channels-last (NHWC) layers on tfjs-core ops, each holding its own variables.
// A layer is plain data plus one `applyLayer` switch, so a network stays a list of named nodes that an
// exporter can walk. Only ops with training kernels on every backend we use appear here.
import * as tf from '@tensorflow/tfjs-core';

/** Keras's batch-normalisation defaults (moving = moving * momentum + batch * (1 - momentum)). */
export const BATCH_NORM_MOMENTUM = 0.99;
export const BATCH_NORM_EPSILON = 1e-3;

interface LayerBase {
  /** A stable path such as `stage2.bn`; the layer's weights are named `<name>.<role>`. */
  readonly name: string;
  /** Names of the nodes (or the graph input) this layer reads, in order. */
  readonly inputs: readonly string[];
}

/** Convolution with 'same' padding. A transposed one multiplies the spatial size by `strides`. */
export interface ConvLayer extends LayerBase {
  readonly kind: 'conv2d' | 'conv2dTranspose';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  /** [k, k, in, out] for conv2d, [k, k, out, in] for conv2dTranspose (tfjs's layouts). */
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
}

export interface BatchNormLayer extends LayerBase {
  readonly kind: 'batchNorm';
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly movingMean: tf.Variable;
  readonly movingVariance: tf.Variable;
}

export interface DenseLayer extends LayerBase {
  readonly kind: 'dense';
  readonly units: number;
  /** [in, units]. */
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

export interface PoolLayer extends LayerBase {
  /** Max pooling with a square window equal to its stride ('valid' padding). */
  readonly kind: 'maxPool';
  readonly poolSize: number;
}

export interface UpsampleLayer extends LayerBase {
  /** Nearest-neighbour upsampling by an integer factor (floor mapping, as ONNX Resize 'asymmetric'). */
  readonly kind: 'upsampleNearest';
  readonly factor: number;
}

export interface ParameterlessLayer extends LayerBase {
  /** concat joins channels; add sums its inputs; globalAveragePool gives [N, C]. */
  readonly kind: 'relu' | 'globalAveragePool' | 'concat' | 'add';
}

export type Layer = ConvLayer | BatchNormLayer | DenseLayer | PoolLayer | UpsampleLayer | ParameterlessLayer;

function only(inputs: readonly tf.Tensor[], layer: Layer): tf.Tensor {
  const [input] = inputs;
  if (inputs.length !== 1 || input === undefined) {
    throw new Error(`Layer '${layer.name}' takes one input, got ${inputs.length}.`);
  }
  return input;
}

function withBias(x: tf.Tensor, bias: tf.Variable | undefined): tf.Tensor {
  return bias === undefined ? x : tf.add(x, bias);
}

function applyBatchNorm(layer: BatchNormLayer, x: tf.Tensor4D, training: boolean): tf.Tensor {
  if (!training) {
    return tf.batchNorm(
      x,
      layer.movingMean,
      layer.movingVariance,
      layer.beta,
      layer.gamma,
      BATCH_NORM_EPSILON,
    );
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  // The moving statistics are a side effect of the forward pass; the loss never depends on them, so the
  // gradient tape ignores these ops.
  const blend = (moving: tf.Variable, batch: tf.Tensor) =>
    tf.add(tf.mul(moving, BATCH_NORM_MOMENTUM), tf.mul(batch, 1 - BATCH_NORM_MOMENTUM));
  layer.movingMean.assign(blend(layer.movingMean, mean));
  layer.movingVariance.assign(blend(layer.movingVariance, variance));
  return tf.batchNorm(x, mean, variance, layer.beta, layer.gamma, BATCH_NORM_EPSILON);
}

/**
 * Nearest-neighbour upsampling as copies and reshapes, not ResizeNearestNeighbor: the cpu backend's gradient
 * of that op (tfjs-backend-cpu 4.22) mixes up the images of a batch larger than one.
 */
function upsampleNearest(x: tf.Tensor4D, factor: number): tf.Tensor {
  const [batch, height, width, channels] = x.shape;
  const copies = (tensor: tf.Tensor, axis: number) => tf.concat(Array<tf.Tensor>(factor).fill(tensor), axis);
  // Copies along the channels are, once reshaped, copies of each pixel along its row.
  const wide = tf.reshape(copies(x, 3), [batch, height, width * factor, channels]);
  // Copies of each widened row, end to end, are once reshaped that row repeated below itself.
  return tf.reshape(copies(wide, 2), [batch, height * factor, width * factor, channels]);
}

/** One layer's forward pass. In training mode batch norm uses and records batch statistics. */
export function applyLayer(layer: Layer, inputs: readonly tf.Tensor[], training: boolean): tf.Tensor {
  switch (layer.kind) {
    case 'conv2d': {
      const x = only(inputs, layer) as tf.Tensor4D;
      return withBias(tf.conv2d(x, layer.kernel as tf.Tensor4D, layer.strides, 'same'), layer.bias);
    }
    case 'conv2dTranspose': {
      const x = only(inputs, layer) as tf.Tensor4D;
      const [batch, height, width] = x.shape;
      const outputShape: [number, number, number, number] = [
        batch,
        height * layer.strides,
        width * layer.strides,
        layer.filters,
      ];
      const y = tf.conv2dTranspose(x, layer.kernel as tf.Tensor4D, outputShape, layer.strides, 'same');
      return withBias(y, layer.bias);
    }
    case 'batchNorm':
      return applyBatchNorm(layer, only(inputs, layer) as tf.Tensor4D, training);
    case 'relu':
      return tf.relu(only(inputs, layer));
    case 'maxPool':
      return tf.maxPool(only(inputs, layer) as tf.Tensor4D, layer.poolSize, layer.poolSize, 'valid');
    case 'globalAveragePool':
      return tf.mean(only(inputs, layer), [1, 2]);
    case 'dense':
      return tf.add(tf.matMul(only(inputs, layer) as tf.Tensor2D, layer.kernel as tf.Tensor2D), layer.bias);
    case 'upsampleNearest':
      return upsampleNearest(only(inputs, layer) as tf.Tensor4D, layer.factor);
    case 'concat':
      return tf.concat(inputs as tf.Tensor[], 3);
    case 'add':
      return inputs.reduce((sum, x) => tf.add(sum, x));
  }
}
