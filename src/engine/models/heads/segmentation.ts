// Semantic segmentation: per-pixel softmax cross-entropy over background + classes, pixels marked
// IGNORE_PIXEL excluded; decoded as the per-pixel argmax mapped back to the original image.
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../core/names';
import { IGNORE_PIXEL, type TaskHead } from '../../contracts';
import { expectTensors, targetsOf } from './batch';
import { maskToOriginal } from './placement';

/** `numClasses` counts the background, which is channel 0. */
export function segmentationHead(numClasses: number): TaskHead {
  const task = TASK_TYPES.semanticSegmentation;
  return {
    targets(batch) {
      const { masks } = targetsOf(batch.targets, task);
      const invalid = masks.find((label) => label >= numClasses && label !== IGNORE_PIXEL);
      if (invalid !== undefined) {
        throw new Error(
          `Mask label ${invalid} is outside the model's ${numClasses} classes (background included).`,
        );
      }
      const shape = [batch.size, batch.inputSize, batch.inputSize];
      // One-hot rows of ignored pixels are all zero (their label is out of range), so the loss skips them.
      return [
        tf.tidy(() =>
          tf.cast(tf.oneHot(tf.tensor(Int32Array.from(masks), shape, 'int32'), numClasses), 'float32'),
        ),
      ];
    },
    loss(outputs, targets) {
      const [logits] = expectTensors(outputs, 1, 'segmentation head');
      const [expected] = expectTensors(targets, 1, 'segmentation loss');
      return tf.tidy<tf.Scalar>(() => {
        const total = tf.neg(tf.sum(tf.mul(expected, tf.logSoftmax(logits))));
        const scoredPixels = tf.maximum(tf.sum(expected), 1);
        return tf.div(total, scoredPixels);
      });
    },
    async decode(outputs, batch) {
      const [logits] = expectTensors(outputs, 1, 'segmentation head');
      const labels = tf.argMax(logits, 3);
      const values = await labels.data<'int32'>();
      labels.dispose();
      const pixels = batch.inputSize * batch.inputSize;
      return batch.placements.map((placement, image) => ({
        task,
        ...maskToOriginal(values.subarray(image * pixels, (image + 1) * pixels), batch.inputSize, placement),
      }));
    },
  };
}
