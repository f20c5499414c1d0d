import fs from 'node:fs';
import path from 'node:path';
import { TASK_TYPES } from '../../core/names';
import { ExportManifest } from '../../core/schemas';
import { writeJsonAtomic } from '../../data/atomicWrite';
import { PARITY_TOLERANCE, ONNX_IR_VERSION, ONNX_OPSET } from '../../engine/export';
import type { OnnxModel, OnnxTensorInfo } from '../../engine/export';
import { PAD_GREY } from '../../engine/pipeline/decode';
import { CENTERNET_STRIDE } from '../../engine/models/heads/centernet';
import { EXPORT_FILES } from '../experiments/layout';
import type { MeasuredOnnx } from './builtinOnnx';
import { modelClasses } from './modelClasses';

// export/classes.json: what a program running the exported model needs besides the model file, written
// from what the engine does (its pipeline, its heads), so that ONNX Runtime's outputs can be turned into
// the predictions Train Studio itself makes.

export type ExportedFiles = ExportManifest['files'];

function preprocessing(size: number): string[] {
  return [
    `Read the image as 8-bit RGB, transparency flattened onto grey ${String(PAD_GREY)}; EXIF orientation is ignored.`,
    `Letterbox it into ${String(size)}×${String(size)}: scale it by s = ${String(size)} / max(width, height) with a linear filter, centre it (left = ⌊(${String(size)} − round(width·s)) / 2⌋, top likewise) and pad the rest with grey ${String(PAD_GREY)}.`,
    'Divide by 255: values in [0, 1]; no mean is subtracted and no standard deviation divided by.',
    `Lay it out channels first, in RGB order: float32 [batch, 3, ${String(size)}, ${String(size)}].`,
  ];
}

const BACK_TO_ORIGINAL =
  'Map back to the original image through the letterbox: x_original = (x_input − left) / s, y_original = (y_input − top) / s.';

/** The steps the engine's heads take from these outputs to predictions (engine/models/heads). */
function decodeSteps(task: MeasuredOnnx['task'], outputs: readonly OnnxTensorInfo[]): string[] {
  const [first, second, third] = outputs.map((output) => `\`${output.name}\``);
  switch (task) {
    case TASK_TYPES.classification:
      return [
        `Softmax over ${String(first)} gives each class's probability; class i is classes[i].`,
        'The prediction is the class of highest probability.',
      ];
    case TASK_TYPES.objectDetection:
      return [
        `Sigmoid of ${String(first)} gives the score of each class in each cell (one cell per ${String(CENTERNET_STRIDE)}×${String(CENTERNET_STRIDE)} input pixels).`,
        'Peaks: keep a score only where it equals the maximum of its 3×3 neighbourhood (max-pool, stride 1, same padding); take the 100 best peaks per image and drop those under the score threshold (evaluation uses 0.001).',
        `A peak in column x, row y: centre = ((x + ${String(third)}[0]) · ${String(CENTERNET_STRIDE)}, (y + ${String(third)}[1]) · ${String(CENTERNET_STRIDE)}), width = exp(min(${String(second)}[0], 10)) · ${String(CENTERNET_STRIDE)}, height = exp(min(${String(second)}[1], 10)) · ${String(CENTERNET_STRIDE)}, in input pixels.`,
        `${BACK_TO_ORIGINAL} Clip the box to the image; drop it when nothing is left.`,
        'Non-maximum suppression per class at IoU 0.6, at most 100 boxes per image.',
      ];
    case TASK_TYPES.semanticSegmentation:
      return [
        `Argmax over the channels of ${String(first)} gives each pixel's label: 0 is the background, i + 1 is classes[i].`,
        'Original pixel (x, y) takes the label of input pixel (⌊left + (x + 0.5)·s⌋, ⌊top + (y + 0.5)·s⌋), clamped to the input: the letterbox is cropped.',
      ];
  }
}

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
  const colours = new Map(modelClasses(experimentDir).map((meta) => [meta.title, meta.color]));
  const model: OnnxModel = measured.model;
  return ExportManifest.parse({
    task: measured.task,
    checkpoint,
    classes: measured.classes.map((name) => ({ name, color: colours.get(name) ?? '' })),
    input: { ...tensorOf(model.input), preprocessing: preprocessing(measured.inputSize) },
    outputs: model.outputs.map(tensorOf),
    decode: decodeSteps(measured.task, model.outputs),
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
