import path from 'node:path';
import { PARITY_TOLERANCE } from '../../engine/export';
import type { StopSignal } from '../../engine/train/stop';
import { measureBuiltinOnnx } from './builtinOnnx';
import type { BuiltinOnnxRequest, MeasuredOnnx } from './builtinOnnx';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import { exportFileName } from './exportFiles';
import type { ExportFormatName } from './index';
import { formatDifference } from './formatDifference';
import { checkParity } from './parityCheck';
import type { ExportStaging } from './staging';
import { buildEngine, findTrtexec, TRTEXEC_MISSING } from './tensorrt';

// The built-in framework's exports: ONNX, checked against tfjs, and a TensorRT engine built from that
// ONNX file by trtexec. Both are staged; the caller publishes them.

export interface BuiltinExportRequest extends BuiltinOnnxRequest {
  readonly formats: readonly ExportFormatName[];
  readonly staging: ExportStaging;
  readonly stop?: StopSignal;
}

export interface BuiltinExports {
  /** Staged file names, by format. */
  readonly staged: Partial<Record<ExportFormatName, string>>;
  readonly skipped: { readonly format: ExportFormatName; readonly reason: string }[];
  readonly measured?: MeasuredOnnx;
}

/** Stages the ONNX model once its parity is within tolerance; a RunError, and nothing staged, if not. */
export function stageOnnx(
  staging: ExportStaging,
  checkpoint: ExperimentCheckpoint,
  measured: MeasuredOnnx,
): string {
  checkParity(measured.parity, checkpoint.name);
  const name = exportFileName(checkpoint, 'onnx');
  staging.write(name, measured.model.bytes);
  return name;
}

function parityLine({ parity, syntheticParity }: MeasuredOnnx): string {
  const images = `${String(parity.images)} ${syntheticParity ? 'noise' : 'val'} image(s)`;
  return `ONNX Runtime matches tfjs on ${images}: max |difference| ${formatDifference(parity.maxAbsDiff)} (tolerance ${formatDifference(PARITY_TOLERANCE)}).`;
}

export async function exportBuiltin(request: BuiltinExportRequest): Promise<BuiltinExports> {
  const { formats, checkpoint, staging, log } = request;
  const skipped: BuiltinExports['skipped'] = [];
  const trtexec = formats.includes('tensorrt') ? findTrtexec() : undefined;
  if (formats.includes('tensorrt') && trtexec === undefined) {
    skipped.push({ format: 'tensorrt', reason: TRTEXEC_MISSING });
  }
  if (!formats.includes('onnx') && trtexec === undefined) return { staged: {}, skipped };
  const measured = await measureBuiltinOnnx(request);
  const onnxName = stageOnnx(staging, checkpoint, measured);
  log(parityLine(measured));
  if (trtexec === undefined) return { staged: { onnx: onnxName }, skipped, measured };
  const engineName = exportFileName(checkpoint, 'tensorrt');
  log(`Building a TensorRT engine from ${onnxName} with ${trtexec}.`);
  await buildEngine({
    trtexec,
    checkpoint: checkpoint.name,
    onnxFile: path.join(staging.dir, onnxName),
    engineFile: staging.pathFor(engineName),
    inputSize: measured.inputSize,
    log: (line) => {
      log(`trtexec: ${line}`);
    },
    ...(request.stop ? { stop: request.stop } : {}),
  });
  return { staged: { onnx: onnxName, tensorrt: engineName }, skipped, measured };
}
