// What the exported model reads and writes: names by role, ONNX shapes with the dynamic batch, and for each
// tensor how to prepare or decode it, as the engine does (so a user outside Train Studio can reproduce it).
import { TASK_TYPES } from '../../../core/names';
import type { NetworkSpec } from '../../contracts';
import { CENTERNET_STRIDE } from '../../models/heads/centernet';
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

export function inputInfo(inputSize: number): OnnxTensorInfo {
  return {
    name: ONNX_INPUT_NAME,
    shape: [B, 3, inputSize, inputSize],
    description:
      `RGB images, float32 NCHW [batch, 3, ${inputSize}, ${inputSize}], pixel values / 255 (no mean or std). ` +
      `Letterboxed: each image is scaled by s = ${inputSize} / max(width, height), keeping its aspect ratio ` +
      `(the scaled width and height rounded to whole pixels), placed centred at offset ` +
      `(floor((${inputSize} - scaled width) / 2), floor((${inputSize} - scaled height) / 2)), and the rest ` +
      `is filled with grey ${PAD_GREY}/255. An input pixel x maps back to the original's (x - offset) / s.`,
  };
}

function classificationOutputs(spec: NetworkSpec): OnnxTensorInfo[] {
  return [
    {
      name: 'logits',
      shape: [B, spec.numClasses],
      description:
        `Class logits, float32 [batch, ${spec.numClasses}], in the order of classes.json. ` +
        'Decode: softmax over the classes gives the scores; the argmax is the predicted class.',
    },
  ];
}

function segmentationOutputs(spec: NetworkSpec): OnnxTensorInfo[] {
  const side = spec.inputSize;
  return [
    {
      name: 'logits',
      shape: [B, spec.numClasses, side, side],
      description:
        `Per-pixel class logits, float32 NCHW [batch, ${spec.numClasses}, ${side}, ${side}]: channel 0 is the ` +
        'background, channel i the i-th class of classes.json. Decode: argmax over the channels gives the ' +
        'label of each input pixel; an original pixel (x, y) takes the label of input pixel ' +
        '(floor((x + 0.5) · s + offset_x), floor((y + 0.5) · s + offset_y)), clamped to the input, which ' +
        'undoes the letterbox and crops the padding away.',
    },
  ];
}

/** CenterNet's decode (src/engine/models/heads/centernet.ts), written out for the three outputs. */
function detectionOutputs(spec: NetworkSpec): OnnxTensorInfo[] {
  const stride = CENTERNET_STRIDE;
  const side = spec.inputSize / stride;
  const map = (channels: number) => [B, channels, side, side];
  const cells = (channels: number) =>
    `float32 NCHW [batch, ${channels}, ${side}, ${side}], one cell per ${stride}×${stride} input pixels`;
  const decode =
    `CenterNet decode: p = sigmoid(heatmap_logits); peaks are the cells equal to the maximum of their 3×3 ` +
    `neighbourhood (max-pool 3, stride 1, same padding), scored p, keeping those with p > 0 and p ≥ the score ` +
    `threshold, the best 100 per image over all classes. A peak of class c at cell (x, y) is the box centred ` +
    `at ((x + offset[0]) · ${stride}, (y + offset[1]) · ${stride}) input pixels, of width ` +
    `exp(min(size[0], 10)) · ${stride} and height exp(min(size[1], 10)) · ${stride}, read at the same cell. ` +
    'Boxes are mapped to original pixels by undoing the letterbox ((v - offset) / s), clipped to the image, ' +
    'dropped when empty, then suppressed class-wise (greedy NMS at IoU 0.6, at most 100 boxes per image).';
  return [
    {
      name: 'heatmap_logits',
      shape: map(spec.numClasses),
      description: `Class heatmap logits, ${cells(spec.numClasses)}; channel i is the i-th class of classes.json. ${decode}`,
    },
    {
      name: 'size',
      shape: map(2),
      description: `Log box size in cells (width, height), ${cells(2)}. ${decode}`,
    },
    {
      name: 'offset',
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
