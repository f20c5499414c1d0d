// A network built by the engine's GraphBuilder, written as an ONNX ModelProto: our own small builder on
// protobufjs and the vendored onnx.proto. The model reads NCHW images and writes NCHW outputs (the ONNX
// convention); tfjs's NHWC tensors and HWIO kernels are converted explicitly.
import type { Network } from '../../contracts';

/** Opset 17 and IR 8: what ONNX Runtime runs and python3-onnx 1.12's checker still knows. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
/** The model's one input: float32 [batch, 3, size, size], RGB in [0, 1], letterboxed. */
export const ONNX_INPUT_NAME = 'images';
/** The dynamic batch dimension's name. */
export const ONNX_BATCH_DIMENSION = 'batch';

export interface OnnxTensorInfo {
  readonly name: string;
  /** Sizes in ONNX layout, with ONNX_BATCH_DIMENSION for the batch. */
  readonly shape: readonly (number | string)[];
  readonly description: string;
}

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

/**
 * The network as ONNX. Throws ExportError for a network that was not built by GraphBuilder or holds a layer
 * the exporter cannot write, naming the layer.
 */
export function buildOnnxModel(network: Network, options: OnnxBuildOptions): OnnxModel {
  void network;
  void options;
  throw new Error('placeholder: buildOnnxModel is not written yet');
}
