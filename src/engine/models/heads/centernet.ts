// CenterNet's training loss and decoder. Outputs: class heatmap logits [N, S, S, C], log box size in output
// cells [N, S, S, 2] and centre offset within the cell [N, S, S, 2], at S = inputSize / stride.
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../core/names';
import type { ScoredBox } from '../../../metrics/predictions';
import type { DecodeOptions, ImageBatch, TaskHead } from '../../contracts';
import { expectTensors, targetsOf } from './batch';
import { centerNetTargets } from './centernetTargets';
import { classwiseNms } from './nms';
import { boxToOriginal } from './placement';

const TASK = TASK_TYPES.objectDetection;
export const CENTERNET_STRIDE = 4;
/** -log((1 - 0.1) / 0.1): every heatmap cell starts at p ≈ 0.1, so the focal loss starts small and stable. */
export const HEATMAP_PRIOR_BIAS = -2.19;

const SIZE_LOSS_WEIGHT = 1;
const OFFSET_LOSS_WEIGHT = 1;
/** Keeps log(p) and log(1 - p) finite, as CenterNet's clamped sigmoid does. */
const PROBABILITY_CLAMP = 1e-4;
/** Peaks considered before thresholding and suppression, per image (CenterNet's K). */
export const TOP_K = 100;
/** Bounds the decoded log size, so an untrained network cannot produce infinite boxes. */
export const MAX_LOG_SIZE = 10;
/** A peak is a heatmap cell equal to the maximum of its PEAK_WINDOW × PEAK_WINDOW neighbourhood. */
export const PEAK_WINDOW = 3;
/** How evaluation and prediction suppress overlapping boxes; each sets its own score threshold. */
export const DETECTION_SUPPRESSION = {
  nmsIouThreshold: 0.6,
  maxDetections: 100,
} as const satisfies Omit<DecodeOptions, 'scoreThreshold'>;

/**
 * Penalty-reduced pixel-wise focal loss (CenterNet eq. 1, alpha 2, beta 4), summed over cells and classes
 * and divided by the number of objects in the batch.
 */
function focalLoss(logits: tf.Tensor, heatmap: tf.Tensor): tf.Tensor {
  const p = tf.clipByValue(tf.sigmoid(logits), PROBABILITY_CLAMP, 1 - PROBABILITY_CLAMP);
  const positive = tf.cast(tf.equal(heatmap, 1), 'float32');
  const positiveTerms = tf.mul(tf.mul(tf.log(p), tf.square(tf.sub(1, p))), positive);
  const negativeWeight = tf.mul(tf.square(tf.square(tf.sub(1, heatmap))), tf.sub(1, positive));
  const negativeTerms = tf.mul(tf.mul(tf.log(tf.sub(1, p)), tf.square(p)), negativeWeight);
  const objects = tf.maximum(tf.sum(positive), 1);
  return tf.div(tf.neg(tf.add(tf.sum(positiveTerms), tf.sum(negativeTerms))), objects);
}

/** L1 at the masked centre cells, per object. */
function maskedL1(predicted: tf.Tensor, expected: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const objects = tf.maximum(tf.sum(mask), 1);
  return tf.div(tf.sum(tf.mul(tf.abs(tf.sub(predicted, expected)), mask)), objects);
}

interface Peak {
  readonly cell: number;
  readonly classIndex: number;
  readonly score: number;
}

/** Heatmap peaks (local 3x3 maxima) of one image, best first, at most TOP_K, none below the threshold. */
function topPeaks(peaks: Float32Array, start: number, cells: number, numClasses: number, threshold: number) {
  const found: Peak[] = [];
  for (let cell = 0; cell < cells; cell++) {
    for (let classIndex = 0; classIndex < numClasses; classIndex++) {
      const score = peaks[start + cell * numClasses + classIndex] ?? 0;
      if (score > 0 && score >= threshold) found.push({ cell, classIndex, score });
    }
  }
  return found.sort((a, b) => b.score - a.score).slice(0, TOP_K);
}

export function centerNetHead(numClasses: number, stride: number): TaskHead {
  return {
    targets(batch) {
      const side = batch.inputSize / stride;
      const built = centerNetTargets(
        targetsOf(batch.targets, TASK).boxes,
        batch.inputSize,
        stride,
        numClasses,
      );
      const shape = (channels: number) => [batch.size, side, side, channels];
      return [
        tf.tensor(built.heatmap, shape(numClasses)),
        tf.tensor(built.size, shape(2)),
        tf.tensor(built.offset, shape(2)),
        tf.tensor(built.mask, shape(1)),
      ];
    },
    loss(outputs, targets) {
      const [logits, size, offset] = expectTensors(outputs, 3, 'CenterNet head');
      const [heatmap, sizeTarget, offsetTarget, mask] = expectTensors(targets, 4, 'CenterNet loss');
      return tf.tidy(() =>
        tf.addN([
          focalLoss(logits, heatmap),
          tf.mul(maskedL1(size, sizeTarget, mask), SIZE_LOSS_WEIGHT),
          tf.mul(maskedL1(offset, offsetTarget, mask), OFFSET_LOSS_WEIGHT),
        ]),
      ) as tf.Scalar;
    },
    async decode(outputs, batch, options) {
      const [logits, size, offset] = expectTensors(outputs, 3, 'CenterNet head');
      const peaks = tf.tidy(() => {
        const heat = tf.sigmoid(logits) as tf.Tensor4D;
        const isPeak = tf.equal(heat, tf.maxPool(heat, PEAK_WINDOW, 1, 'same'));
        return tf.mul(heat, tf.cast(isPeak, 'float32'));
      });
      const [peakValues, sizes, offsets] = await Promise.all([
        peaks.data<'float32'>(),
        size.data<'float32'>(),
        offset.data<'float32'>(),
      ]);
      peaks.dispose();
      return decodeBoxes(batch, options, { peakValues, sizes, offsets, numClasses, stride });
    },
  };
}

interface HeadValues {
  readonly peakValues: Float32Array;
  readonly sizes: Float32Array;
  readonly offsets: Float32Array;
  readonly numClasses: number;
  readonly stride: number;
}

function decodeBoxes(batch: ImageBatch, options: DecodeOptions, values: HeadValues) {
  const { peakValues, sizes, offsets, numClasses, stride } = values;
  const side = batch.inputSize / stride;
  const cells = side * side;
  return batch.placements.map((placement, image) => {
    const boxes: ScoredBox[] = [];
    const peaks = topPeaks(peakValues, image * cells * numClasses, cells, numClasses, options.scoreThreshold);
    for (const { cell, classIndex, score } of peaks) {
      const at = (array: Float32Array, channel: number) => array[(image * cells + cell) * 2 + channel] ?? 0;
      const centerX = ((cell % side) + at(offsets, 0)) * stride;
      const centerY = (Math.floor(cell / side) + at(offsets, 1)) * stride;
      const width = Math.exp(Math.min(at(sizes, 0), MAX_LOG_SIZE)) * stride;
      const height = Math.exp(Math.min(at(sizes, 1), MAX_LOG_SIZE)) * stride;
      const inputBox = {
        x1: centerX - width / 2,
        y1: centerY - height / 2,
        x2: centerX + width / 2,
        y2: centerY + height / 2,
      };
      const box = boxToOriginal(inputBox, placement);
      if (box) boxes.push({ ...box, classIndex, score });
    }
    return { task: TASK, boxes: classwiseNms(boxes, options.nmsIouThreshold, options.maxDetections) };
  });
}
