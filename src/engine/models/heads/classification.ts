// Classification: softmax cross-entropy on class logits, optionally with label smoothing.
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../../core/names';
import type { TaskHead } from '../../contracts';
import { expectTensors, targetsOf } from './batch';

export function classificationHead(numClasses: number, labelSmoothing = 0): TaskHead {
  const task = TASK_TYPES.classification;
  return {
    targets(batch) {
      const { labels } = targetsOf(batch.targets, task);
      const outOfRange = labels.find((label) => label < 0 || label >= numClasses);
      if (outOfRange !== undefined) {
        throw new Error(`Class index ${outOfRange} is outside the model's ${numClasses} classes.`);
      }
      return [
        tf.tidy(() => {
          const oneHot = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses), 'float32');
          if (labelSmoothing === 0) return oneHot;
          return tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / numClasses);
        }),
      ];
    },
    loss(outputs, targets) {
      const [logits] = expectTensors(outputs, 1, 'classification head');
      const [expected] = expectTensors(targets, 1, 'classification loss');
      return tf.tidy(() => {
        // Mean over the batch of -sum(p * log softmax): logSoftmax subtracts the max logit first.
        const perImage = tf.sum(tf.mul(expected, tf.logSoftmax(logits)), 1);
        return tf.neg(tf.mean(perImage)) as tf.Scalar;
      });
    },
    async decode(outputs, batch) {
      const [logits] = expectTensors(outputs, 1, 'classification head');
      const probabilities = tf.softmax(logits);
      const values = await probabilities.data<'float32'>();
      probabilities.dispose();
      return batch.refs.map((_, image) => ({
        task,
        scores: values.slice(image * numClasses, (image + 1) * numClasses),
      }));
    },
  };
}
