// A network built by the engine's GraphBuilder, written as an ONNX ModelProto: our own small builder on
// protobufjs and the vendored onnx.proto. The model reads NCHW images and writes NCHW outputs (the ONNX
// convention); tfjs's NHWC tensors and HWIO kernels are converted explicitly.
import type { Network } from '../../contracts';
import { GRAPH_INPUT, graphOf } from '../../models';
import { ExportError } from '../errors';
import { floatValueInfo, GraphWriter } from './graphWriter';
import { type OnnxValue, writeLayer } from './layers';
import { onnxModelType } from './proto';
import { inputInfo, ONNX_BATCH_DIMENSION, type OnnxTensorInfo, outputInfos } from './tensorInfo';

export { decodeSteps, ONNX_BATCH_DIMENSION, ONNX_INPUT_NAME, preprocessingSteps } from './tensorInfo';
export type { OnnxTensorInfo } from './tensorInfo';

/** Opset 17 and IR 8: what ONNX Runtime runs and python3-onnx 1.12's checker still knows. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

const PRODUCER_NAME = 'Train Studio';
const INPUT_CHANNELS = 3;

export interface OnnxModel {
  /** The serialised ModelProto. */
  readonly bytes: Uint8Array;
  readonly input: OnnxTensorInfo;
  /** In the order of `network.apply`'s outputs. */
  readonly outputs: readonly OnnxTensorInfo[];
}

export interface OnnxBuildOptions {
  /** Train Studio's version, recorded as the producer's. */
  readonly producerVersion: string;
  /** Recorded in the model's doc_string: the experiment and checkpoint it came from. */
  readonly description?: string;
}

/** The graph computes what its outputs declare: [N, C] or [N, C, S, S] (a guard on the descriptions). */
function checkOutputShape(value: OnnxValue | undefined, info: OnnxTensorInfo): void {
  const computed = value && [
    ONNX_BATCH_DIMENSION,
    value.channels,
    ...(value.side ? [value.side, value.side] : []),
  ];
  if (JSON.stringify(computed) !== JSON.stringify(info.shape)) {
    throw new ExportError({
      message: `The exported output '${info.name}' would be [${computed?.join(', ') ?? ''}], not [${info.shape.join(', ')}].`,
      hint: 'Export supports the outputs of the built-in architectures only.',
    });
  }
}

/**
 * The network as ONNX. Throws ExportError for a network that was not built by GraphBuilder or holds a layer
 * the exporter cannot write, naming the layer.
 */
export function buildOnnxModel(network: Network, options: OnnxBuildOptions): OnnxModel {
  const graph = graphOf(network);
  const { spec } = network;
  if (graph === undefined) {
    throw new ExportError({
      message: `The ${spec.arch} network cannot be exported: it was not built by Train Studio's layer library.`,
      hint: 'Export a checkpoint of a built-in architecture.',
    });
  }
  const input = inputInfo(spec.inputSize);
  const outputs = outputInfos(spec, graph.outputs.length);
  // Outputs are named by role; every other value by its layer.
  const valueNames = new Map(graph.outputs.map((layer, index) => [layer, outputs[index]?.name ?? layer]));
  const writer = new GraphWriter();
  writer.claim(input.name);
  const values = new Map<string, OnnxValue>([
    [GRAPH_INPUT, { name: input.name, channels: INPUT_CHANNELS, side: spec.inputSize }],
  ]);
  for (const layer of graph.layers) {
    const inputs = layer.inputs.map((name) => {
      const value = values.get(name);
      if (value === undefined) throw new Error(`Layer '${layer.name}' reads '${name}' before it is written.`);
      return value;
    });
    values.set(layer.name, writeLayer(writer, layer, inputs, valueNames.get(layer.name) ?? layer.name));
  }
  for (const [index, info] of outputs.entries())
    checkOutputShape(values.get(graph.outputs[index] ?? ''), info);
  const model = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: PRODUCER_NAME,
    producer_version: options.producerVersion,
    doc_string: options.description ?? '',
    metadata_props: [
      { key: 'task', value: spec.task },
      { key: 'architecture', value: spec.arch },
      { key: 'input_size', value: String(spec.inputSize) },
    ],
    graph: writer.graph(
      spec.arch,
      [floatValueInfo(input.name, input.shape, input.description)],
      outputs.map((output) => floatValueInfo(output.name, output.shape, output.description)),
    ),
  };
  const modelType = onnxModelType();
  return { bytes: modelType.encode(modelType.fromObject(model)).finish(), input, outputs };
}
