// Export: the engine's networks as ONNX models, run in ONNX Runtime and checked against tfjs.
export { ExportError } from './errors';
export type { ExportProblem } from './errors';
export {
  buildOnnxModel,
  decodeSteps,
  ONNX_BATCH_DIMENSION,
  ONNX_INPUT_NAME,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  preprocessingSteps,
} from './onnx';
export type { OnnxBuildOptions, OnnxModel, OnnxTensorInfo } from './onnx';
export { openOnnxSession } from './onnxRuntime';
export type { HostOutput, OnnxSession, OnnxSessionOptions } from './onnxRuntime';
export { measureParity, PARITY_TOLERANCE } from './parity';
export type { ParityReport } from './parity';
