// ONNX Runtime (onnxruntime-node, CPU) behind one small interface, loaded on first use so that commands which
// never run ONNX do not pay for its 45 MB library. Inputs and outputs are in the engine's layout (NHWC), so
// callers compare and decode them exactly as tfjs's.

/** One output of a run, in the engine's layout: rank-4 outputs as NHWC. */
export interface HostOutput {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface OnnxSession {
  readonly inputName: string;
  readonly outputNames: readonly string[];
  /** `images`: batchSize × inputSize × inputSize × 3 floats, NHWC, as an ImageBatch holds them. */
  run(images: Float32Array, batchSize: number, inputSize: number): Promise<HostOutput[]>;
  release(): Promise<void>;
}

export interface OnnxSessionOptions {
  /** ONNX Runtime's intra-op threads; its default (all cores) when absent. */
  readonly threads?: number;
}

/**
 * A CPU session on a model file or its bytes. Throws ExportError when onnxruntime-node cannot be loaded
 * (with how to install it) or rejects the model (with its message).
 */
export async function openOnnxSession(
  model: Uint8Array | string,
  options: OnnxSessionOptions = {},
): Promise<OnnxSession> {
  void model;
  void options;
  return Promise.reject(new Error('placeholder: openOnnxSession is not written yet'));
}
