// ONNX Runtime (onnxruntime-node, CPU) behind one small interface, loaded on first use so that commands which
// never run ONNX do not pay for its 45 MB library. Inputs and outputs are in the engine's layout (NHWC), so
// callers compare and decode them exactly as tfjs's.
import type * as Ort from 'onnxruntime-node';
import { ExportError } from './errors';
import { channelsFirst, channelsLast } from './layout';
import { ONNX_INPUT_NAME } from './onnx/tensorInfo';

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

const ORT_PACKAGE = 'onnxruntime-node';
const REEXPORT_HINT =
  "Export the model again with Train Studio's exporter; a file changed since is not usable.";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function loadOrt(): Promise<typeof Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    throw new ExportError(
      { message: `ONNX Runtime (${ORT_PACKAGE}) cannot be loaded: ${messageOf(error)}`, hint: installHint() },
      { cause: error },
    );
  }
}

function installHint(): string {
  return (
    `Install it beside Train Studio with 'ONNXRUNTIME_NODE_INSTALL=skip npm install ${ORT_PACKAGE}' ` +
    '(the CPU runtime ships in the package; the skip avoids downloading the CUDA one).'
  );
}

/** An output in the engine's layout: rank-4 NCHW becomes NHWC, others are as they are. */
function hostOutput(name: string, tensor: Ort.Tensor): HostOutput {
  if (tensor.type !== 'float32') {
    throw new ExportError({
      message: `ONNX Runtime gave output '${name}' as ${tensor.type}, not float32.`,
      hint: "Export the model again with Train Studio's exporter.",
    });
  }
  const data = tensor.data as Float32Array;
  const [n, c, h, w] = tensor.dims;
  if (tensor.dims.length !== 4 || n === undefined || c === undefined || h === undefined || w === undefined) {
    return { name, dims: [...tensor.dims], data: Float32Array.from(data) };
  }
  return { name, dims: [n, h, w, c], data: channelsLast(data, [n, c, h, w]) };
}

function openSession(session: Ort.InferenceSession, ort: typeof Ort, description: string): OnnxSession {
  return {
    inputName: ONNX_INPUT_NAME,
    outputNames: session.outputNames,
    async run(images, batchSize, inputSize) {
      const nhwc: [number, number, number, number] = [batchSize, inputSize, inputSize, 3];
      if (images.length !== batchSize * inputSize * inputSize * 3) {
        throw new Error(`${images.length} image values are not a batch of [${nhwc.join(', ')}].`);
      }
      const input = new ort.Tensor('float32', channelsFirst(images, nhwc), [
        batchSize,
        3,
        inputSize,
        inputSize,
      ]);
      let results: Ort.InferenceSession.ReturnType;
      try {
        results = await session.run({ [ONNX_INPUT_NAME]: input });
      } catch (error) {
        throw new ExportError(
          { message: `ONNX Runtime cannot run ${description}: ${messageOf(error)}`, hint: REEXPORT_HINT },
          { cause: error },
        );
      } finally {
        input.dispose();
      }
      try {
        return session.outputNames.map((name) => {
          const tensor = results[name];
          if (tensor === undefined) throw new Error(`ONNX Runtime returned no output '${name}'.`);
          return hostOutput(name, tensor);
        });
      } finally {
        for (const tensor of Object.values(results)) tensor.dispose();
      }
    },
    release: () => session.release(),
  };
}

/**
 * A CPU session on a model file or its bytes. Throws ExportError when onnxruntime-node cannot be loaded
 * (with how to install it) or rejects the model (with its message).
 */
export async function openOnnxSession(
  model: Uint8Array | string,
  options: OnnxSessionOptions = {},
): Promise<OnnxSession> {
  const ort = await loadOrt();
  const description = typeof model === 'string' ? `the ONNX model ${model}` : 'the ONNX model';
  const sessionOptions: Ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    ...(options.threads === undefined ? {} : { intraOpNumThreads: options.threads }),
  };
  try {
    const session =
      typeof model === 'string'
        ? await ort.InferenceSession.create(model, sessionOptions)
        : await ort.InferenceSession.create(model, sessionOptions);
    if (!session.inputNames.includes(ONNX_INPUT_NAME)) {
      await session.release();
      throw new Error(`it has no input '${ONNX_INPUT_NAME}' (its inputs: ${session.inputNames.join(', ')})`);
    }
    return openSession(session, ort, description);
  } catch (error) {
    throw new ExportError(
      {
        message: `ONNX Runtime cannot load ${description}: ${messageOf(error)}`,
        hint: REEXPORT_HINT,
        ...(typeof model === 'string' ? { file: model } : {}),
      },
      { cause: error },
    );
  }
}
