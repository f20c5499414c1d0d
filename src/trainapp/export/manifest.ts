import fs from 'node:fs';
import path from 'node:path';
import { ExportManifest } from '../../core/schemas';
import { writeJsonAtomic } from '../../data/atomicWrite';
import {
  decodeSteps,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  PARITY_TOLERANCE,
  preprocessingSteps,
} from '../../engine/export';
import type { OnnxModel, OnnxTensorInfo } from '../../engine/export';
import { EXPORT_FILES } from '../experiments/layout';
import type { MeasuredOnnx } from './builtinOnnx';
import { readModelClasses } from '../experiments/modelClasses';

// export/classes.json: what a program running the exported model needs besides the model file, written
// from what the engine does (its pipeline, its heads: engine/export/onnx/tensorInfo.ts tells the steps), so
// that ONNX Runtime's outputs can be turned into the predictions Train Studio itself makes.

export type ExportedFiles = ExportManifest['files'];

const tensorOf = ({ name, shape, description }: OnnxTensorInfo) => ({ name, shape: [...shape], description });

export interface ManifestRequest {
  readonly experimentDir: string;
  readonly checkpoint: string;
  readonly measured: MeasuredOnnx;
  readonly files: ExportedFiles;
}

export function buildManifest({
  experimentDir,
  checkpoint,
  measured,
  files,
}: ManifestRequest): ExportManifest {
  const colours = new Map((readModelClasses(experimentDir) ?? []).map((meta) => [meta.title, meta.color]));
  const model: OnnxModel = measured.model;
  return ExportManifest.parse({
    task: measured.task,
    checkpoint,
    classes: measured.classes.map((name) => ({ name, color: colours.get(name) ?? '' })),
    input: { ...tensorOf(model.input), preprocessing: preprocessingSteps(measured.inputSize) },
    outputs: model.outputs.map(tensorOf),
    decode: decodeSteps(measured.task),
    files,
    onnx: {
      opset: ONNX_OPSET,
      ir_version: ONNX_IR_VERSION,
      max_abs_diff: measured.parity.maxAbsDiff,
      tolerance: PARITY_TOLERANCE,
      parity_images: measured.parity.images,
      tfjs_backend: measured.backend,
    },
  });
}

const manifestPath = (exportDir: string) => path.join(exportDir, EXPORT_FILES.manifest);

/** The export folder's classes.json, when there is a valid one. */
export function readManifest(exportDir: string): ExportManifest | undefined {
  try {
    return ExportManifest.parse(JSON.parse(fs.readFileSync(manifestPath(exportDir), 'utf8')));
  } catch {
    return undefined;
  }
}

/** The files an earlier export of the same checkpoint left, which stay valid beside the new ones. */
export function earlierFiles(exportDir: string, checkpoint: string): ExportedFiles {
  const earlier = readManifest(exportDir);
  return earlier?.checkpoint === checkpoint ? earlier.files : {};
}

export function writeManifest(exportDir: string, manifest: ExportManifest): void {
  writeJsonAtomic(manifestPath(exportDir), manifest);
}
