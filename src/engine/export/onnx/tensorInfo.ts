// What the exported model reads and writes: names by role, ONNX shapes with the dynamic batch, and for each
// tensor how to prepare or decode it, as the engine does (so a user outside Train Studio can reproduce it).
// The steps are written once, here, from the engine's own constants: the model's doc strings and the
// export's classes.json both tell them.
import { TASK_TYPES } from '../../../core/names';
import type { EngineTask, NetworkSpec } from '../../contracts';
import { DEFAULT_SCORE_THRESHOLD } from '../../inference/predictImages';
import {
  CENTERNET_STRIDE,
  DETECTION_SUPPRESSION,
  MAX_LOG_SIZE,
  PEAK_WINDOW,
  TOP_K,
} from '../../models/heads/centernet';
import { PAD_GREY } from '../../pipeline/decode';
import { ExportError } from '../errors';

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

const B = ONNX_BATCH_DIMENSION;

const OUTPUT_NAMES = {
  logits: 'logits',
  heatmap: 'heatmap_logits',
  size: 'size',
  offset: 'offset',
} as const;

const code = (name: string) => `\`${name}\``;

/** How an image becomes the model's input, as the engine's pipeline prepares it (engine/pipeline). */
export function preprocessingSteps(size: number): string[] {
  const side = String(size);
  return [
    `Read the image as 8-bit RGB, transparency flattened onto grey ${String(PAD_GREY)}; EXIF orientation is ignored.`,
    `Letterbox it into ${side}×${side}: scale it by s = ${side} / max(width, height) with a linear filter, centre it (left = ⌊(${side} − round(width·s)) / 2⌋, top likewise) and pad the rest with grey ${String(PAD_GREY)}.`,
    'Divide by 255: values in [0, 1]; no mean is subtracted and no standard deviation divided by.',
    `Lay it out channels first, in RGB order: float32 [batch, 3, ${side}, ${side}].`,
  ];
}

const BACK_TO_ORIGINAL =
  'Map back to the original image through the letterbox: x_original = (x_input − left) / s, y_original = (y_input − top) / s.';

/** CenterNet's decode (engine/models/heads/centernet.ts), with its own constants. */
function centerNetSteps(): string[] {
  const stride = String(CENTERNET_STRIDE);
  const [heatmap, size, offset] = [OUTPUT_NAMES.heatmap, OUTPUT_NAMES.size, OUTPUT_NAMES.offset].map(code);
  const window = `${String(PEAK_WINDOW)}×${String(PEAK_WINDOW)}`;
  const logSize = (channel: number) =>
    `exp(min(${String(size)}[${String(channel)}], ${String(MAX_LOG_SIZE)})) · ${stride}`;
  const { nmsIouThreshold, maxDetections } = DETECTION_SUPPRESSION;
  return [
    `Sigmoid of ${String(heatmap)} gives the score of each class in each cell (one cell per ${stride}×${stride} input pixels); channel i is classes[i].`,
    `Peaks: keep a score only where it equals the maximum of its ${window} neighbourhood (max-pool ${String(PEAK_WINDOW)}, stride 1, same padding); take the ${String(TOP_K)} best peaks per image over all classes and drop those under the score threshold (Train Studio's predictions use ${String(DEFAULT_SCORE_THRESHOLD)}).`,
    `A peak in column x, row y: centre = ((x + ${String(offset)}[0]) · ${stride}, (y + ${String(offset)}[1]) · ${stride}), width = ${logSize(0)}, height = ${logSize(1)}, in input pixels.`,
    `${BACK_TO_ORIGINAL} Clip the box to the image; drop it when nothing is left.`,
    `Non-maximum suppression per class at IoU ${String(nmsIouThreshold)}, at most ${String(maxDetections)} boxes per image.`,
  ];
}

/** The steps the engine's heads take from the outputs of a `task` model to predictions (engine/models/heads). */
export function decodeSteps(task: EngineTask): string[] {
  const logits = code(OUTPUT_NAMES.logits);
  switch (task) {
    case TASK_TYPES.classification:
      return [
        `Softmax over ${logits} gives each class's probability; class i is classes[i].`,
        'The prediction is the class of highest probability.',
      ];
    case TASK_TYPES.objectDetection:
      return centerNetSteps();
    case TASK_TYPES.semanticSegmentation:
      return [
        `Argmax over the channels of ${logits} gives each pixel's label: 0 is the background, i + 1 is classes[i].`,
        'Original pixel (x, y) takes the label of input pixel (⌊left + (x + 0.5)·s⌋, ⌊top + (y + 0.5)·s⌋), clamped to the input: the letterbox is cropped.',
      ];
  }
}

export function inputInfo(inputSize: number): OnnxTensorInfo {
  return {
    name: ONNX_INPUT_NAME,
    shape: [B, 3, inputSize, inputSize],
    description: `RGB images. ${preprocessingSteps(inputSize).join(' ')}`,
  };
}

const decoded = (task: EngineTask) => `Decode: ${decodeSteps(task).join(' ')}`;

function classificationOutputs(spec: NetworkSpec): OnnxTensorInfo[] {
  const classes = String(spec.numClasses);
  return [
    {
      name: OUTPUT_NAMES.logits,
      shape: [B, spec.numClasses],
      description: `Class logits, float32 [batch, ${classes}], in the order of classes.json. ${decoded(spec.task)}`,
    },
  ];
}

function segmentationOutputs(spec: NetworkSpec): OnnxTensorInfo[] {
  const side = spec.inputSize;
  const [classes, sideText] = [String(spec.numClasses), String(side)];
  return [
    {
      name: OUTPUT_NAMES.logits,
      shape: [B, spec.numClasses, side, side],
      description:
        `Per-pixel class logits, float32 NCHW [batch, ${classes}, ${sideText}, ${sideText}]: channel 0 is the ` +
        `background, channel i the i-th class of classes.json. ${decoded(spec.task)}`,
    },
  ];
}

function detectionOutputs(spec: NetworkSpec): OnnxTensorInfo[] {
  const stride = String(CENTERNET_STRIDE);
  const side = spec.inputSize / CENTERNET_STRIDE;
  const map = (channels: number) => [B, channels, side, side];
  const cells = (channels: number) =>
    `float32 NCHW [batch, ${String(channels)}, ${String(side)}, ${String(side)}], one cell per ${stride}×${stride} input pixels`;
  const decode = decoded(spec.task);
  return [
    {
      name: OUTPUT_NAMES.heatmap,
      shape: map(spec.numClasses),
      description: `Class heatmap logits, ${cells(spec.numClasses)}; channel i is the i-th class of classes.json. ${decode}`,
    },
    {
      name: OUTPUT_NAMES.size,
      shape: map(2),
      description: `Log box size in cells (width, height), ${cells(2)}. ${decode}`,
    },
    {
      name: OUTPUT_NAMES.offset,
      shape: map(2),
      description: `Box centre offset within its cell (x, y), ${cells(2)}. ${decode}`,
    },
  ];
}

/** The outputs of a built-in network of `spec.task`, in the order of `network.apply`'s. */
export function outputInfos(spec: NetworkSpec, outputCount: number): OnnxTensorInfo[] {
  const infos =
    spec.task === TASK_TYPES.classification
      ? classificationOutputs(spec)
      : spec.task === TASK_TYPES.objectDetection
        ? detectionOutputs(spec)
        : segmentationOutputs(spec);
  if (infos.length !== outputCount) {
    throw new ExportError({
      message: `The ${spec.arch} network has ${outputCount} outputs, but a ${spec.task} model is exported with ${infos.length}.`,
      hint: 'Export supports the outputs of the built-in architectures only.',
    });
  }
  return infos;
}
