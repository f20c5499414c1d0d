// Each layer of the engine's library as ONNX nodes in NCHW, with its weights converted from tfjs's layouts.
// Spatial sizes are known (the input size is fixed per network), so TF's 'same' padding, which puts the odd
// pixel of a stride-2 conv at the end, is written as explicit pads rather than ONNX's auto_pad.
import type * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_EPSILON, type ConvLayer, type Layer } from '../../models/layers';
import { ExportError } from '../errors';
import type { GraphWriter } from './graphWriter';
import { hostWeight, kernelToOnnx } from './weights';

/** A value of the ONNX graph: NCHW [N, channels, side, side], or [N, channels] where `side` is undefined. */
export interface OnnxValue {
  readonly name: string;
  readonly channels: number;
  readonly side?: number;
}

const SUPPORTED_KINDS: readonly Layer['kind'][] = [
  'conv2d',
  'conv2dTranspose',
  'batchNorm',
  'relu',
  'maxPool',
  'globalAveragePool',
  'dense',
  'upsampleNearest',
  'concat',
  'add',
];

function unsupportedLayer(layer: { readonly name: string; readonly kind: string }): ExportError {
  return new ExportError({
    message: `Layer '${layer.name}' (kind '${layer.kind}') cannot be written as ONNX.`,
    hint: `The ONNX exporter writes the layers of Train Studio's built-in architectures: ${SUPPORTED_KINDS.join(', ')}.`,
  });
}

function malformed(layer: Layer, problem: string): ExportError {
  return new ExportError({
    message: `Layer '${layer.name}' (kind '${layer.kind}') cannot be written as ONNX: ${problem}.`,
    hint: "Export networks built by Train Studio's built-in architectures.",
  });
}

function onlyInput(layer: Layer, inputs: readonly OnnxValue[]): OnnxValue {
  const [input] = inputs;
  if (inputs.length !== 1 || input === undefined) throw malformed(layer, `it has ${inputs.length} inputs`);
  return input;
}

/** The one input of a layer that needs image features, with its side. */
function featureMap(layer: Layer, inputs: readonly OnnxValue[]): OnnxValue & { readonly side: number } {
  const input = onlyInput(layer, inputs);
  const { side } = input;
  if (side === undefined) throw malformed(layer, `its input '${input.name}' is a vector, not an image`);
  return { ...input, side };
}

/** TF 'same' padding of a conv as [begin, end]: the output is ceil(side / stride), the odd pixel at the end. */
export function samePadding(side: number, kernelSize: number, strides: number): [number, number] {
  const outputSide = Math.ceil(side / strides);
  const total = Math.max((outputSide - 1) * strides + kernelSize - side, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** TF 'same' padding of a transposed conv, whose output is side · stride. */
export function sameTransposePadding(kernelSize: number, strides: number): [number, number] {
  const total = Math.max(kernelSize - strides, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

function writeConv(writer: GraphWriter, layer: ConvLayer, inputs: readonly OnnxValue[], output: string) {
  const input = featureMap(layer, inputs);
  const { kernelSize: k, strides } = layer;
  const kernel = kernelToOnnx(hostWeight(layer.kernel));
  const weights = [writer.initializer(`${layer.name}.kernel`, kernel.dims, kernel.values)];
  if (layer.bias) {
    const bias = hostWeight(layer.bias);
    weights.push(writer.initializer(`${layer.name}.bias`, bias.dims, bias.values));
  }
  const transposed = layer.kind === 'conv2dTranspose';
  const [begin, end] = transposed ? sameTransposePadding(k, strides) : samePadding(input.side, k, strides);
  writer.node(transposed ? 'ConvTranspose' : 'Conv', [input.name, ...weights], output, {
    kernel_shape: [k, k],
    strides: [strides, strides],
    pads: [begin, begin, end, end],
  });
  const side = transposed ? input.side * strides : Math.ceil(input.side / strides);
  return { name: output, channels: layer.filters, side };
}

/** Writes one layer's nodes; `output` names its value. Throws ExportError for a layer it cannot write. */
export function writeLayer(
  writer: GraphWriter,
  layer: Layer,
  inputs: readonly OnnxValue[],
  output: string,
): OnnxValue {
  const weight = (role: string, variable: tf.Variable) => {
    const { dims, values } = hostWeight(variable);
    return writer.initializer(`${layer.name}.${role}`, dims, values);
  };
  switch (layer.kind) {
    case 'conv2d':
    case 'conv2dTranspose':
      return writeConv(writer, layer, inputs, output);
    case 'batchNorm': {
      const input = onlyInput(layer, inputs);
      const parameters = [
        weight('gamma', layer.gamma),
        weight('beta', layer.beta),
        weight('moving_mean', layer.movingMean),
        weight('moving_variance', layer.movingVariance),
      ];
      writer.node('BatchNormalization', [input.name, ...parameters], output, {
        epsilon: { float: BATCH_NORM_EPSILON },
      });
      return { ...input, name: output };
    }
    case 'relu': {
      const input = onlyInput(layer, inputs);
      writer.node('Relu', [input.name], output);
      return { ...input, name: output };
    }
    case 'maxPool': {
      const input = featureMap(layer, inputs);
      const size = layer.poolSize;
      writer.node('MaxPool', [input.name], output, { kernel_shape: [size, size], strides: [size, size] });
      return { name: output, channels: input.channels, side: Math.floor(input.side / size) };
    }
    case 'globalAveragePool': {
      const input = featureMap(layer, inputs);
      // GlobalAveragePool keeps the 1×1 spatial axes; tfjs's mean over them gives [N, C].
      const pooled = writer.node('GlobalAveragePool', [input.name], `${layer.name}.pooled`);
      writer.node('Flatten', [pooled], output, { axis: 1 });
      return { name: output, channels: input.channels };
    }
    case 'dense': {
      const input = onlyInput(layer, inputs);
      if (input.side !== undefined)
        throw malformed(layer, `its input '${input.name}' is an image, not a vector`);
      // Gemm computes A · B + C, and tfjs's dense kernel [in, units] is already B.
      writer.node('Gemm', [input.name, weight('kernel', layer.kernel), weight('bias', layer.bias)], output);
      return { name: output, channels: layer.units };
    }
    case 'upsampleNearest': {
      const input = featureMap(layer, inputs);
      const factor = layer.factor;
      const scales = writer.initializer(`${layer.name}.scales`, [4], Float32Array.of(1, 1, factor, factor));
      // Output pixel i copies input pixel floor(i / factor), as the engine's copies-and-reshapes do.
      writer.node('Resize', [input.name, '', scales], output, {
        mode: 'nearest',
        coordinate_transformation_mode: 'asymmetric',
        nearest_mode: 'floor',
      });
      return { name: output, channels: input.channels, side: input.side * factor };
    }
    case 'concat': {
      const [first] = inputs;
      if (first === undefined) throw malformed(layer, 'it has no inputs');
      // Channels are tfjs's last axis and ONNX's axis 1.
      writer.node(
        'Concat',
        inputs.map((input) => input.name),
        output,
        { axis: 1 },
      );
      const channels = inputs.reduce((sum, input) => sum + input.channels, 0);
      return { name: output, channels, side: first.side };
    }
    case 'add': {
      const [first] = inputs;
      if (first === undefined) throw malformed(layer, 'it has no inputs');
      writer.node(
        'Sum',
        inputs.map((input) => input.name),
        output,
      );
      return { ...first, name: output };
    }
    default: {
      const unknown: { readonly name: string; readonly kind: string } = layer;
      throw unsupportedLayer(unknown);
    }
  }
}
