import * as tf from '@tensorflow/tfjs-core';
import { evaluate } from '../../metrics';
import type { Evaluation } from '../../metrics';
import type { GroundTruth, Prediction } from '../../metrics/predictions';
import type { EvaluatedImage } from '../../metrics/worstPredictions';
import type { DecodeOptions, EngineTask, Network, TaskHead } from '../contracts';
import { DETECTION_SUPPRESSION } from '../models/heads/centernet';
import type { ImagePipeline } from '../pipeline';
import { imagesOf } from './trainStep';

/**
 * COCO-style evaluation decoding: keep nearly every box so that AP sees the whole precision-recall curve
 * (pycocotools and YOLO's val use a score floor of 0.001 and up to 100-300 boxes).
 */
const EVALUATION_DECODE: DecodeOptions = {
  scoreThreshold: 0.001,
  ...DETECTION_SUPPRESSION,
};

export interface EvaluationRequest {
  readonly task: EngineTask;
  readonly classes: readonly string[];
  readonly network: Network;
  readonly head: TaskHead;
  /** A pipeline over the items to evaluate, made without augmentation. */
  readonly pipeline: ImagePipeline;
  readonly batchSize: number;
  /**
   * Each image's prediction and truth, in pipeline order, as soon as it is decoded: what the caller keeps
   * (the worst few, say) is up to it.
   */
  readonly onImage?: (image: EvaluatedImage) => void;
}

export interface ModelEvaluation extends Evaluation {
  /** The head's loss, averaged over images. */
  readonly loss: number;
}

/** The finite values: JSON has no NaN or infinity (a diverged model's loss), so the others are left out. */
export function finiteValues(values: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => Number.isFinite(value)));
}

/** The evaluation's metrics and its loss (as `loss`), less those that are not finite. */
export function finiteScores(evaluation: Pick<ModelEvaluation, 'metrics' | 'loss'>): Record<string, number> {
  return finiteValues({ ...evaluation.metrics, loss: evaluation.loss });
}

/** Runs the network in inference mode over every pipeline item, then scores the predictions. */
export async function evaluateModel(request: EvaluationRequest): Promise<ModelEvaluation> {
  const { task, classes, network, head, pipeline, batchSize } = request;
  const order = Array.from({ length: pipeline.size }, (_, index) => index);
  const predictions: Prediction[] = [];
  const truths: GroundTruth[] = [];
  let lossSum = 0;
  for await (const batch of pipeline.batches({ order, batchSize, seed: 0 })) {
    const outputs = tf.tidy(() => network.apply(imagesOf(batch), false));
    let loss: tf.Scalar | undefined;
    try {
      loss = tf.tidy(() => head.loss(outputs, head.targets(batch)));
      const decoded = await head.decode(outputs, batch, EVALUATION_DECODE);
      decoded.forEach((prediction, position) => {
        // The order is the identity, so the next image is item number `truths.length`.
        const truth = pipeline.groundTruth(truths.length);
        predictions.push(prediction);
        truths.push(truth);
        request.onImage?.({ ref: batch.refs[position] ?? String(truths.length - 1), prediction, truth });
      });
      const [value = Number.NaN] = await loss.data();
      lossSum += value * batch.size;
    } finally {
      tf.dispose(outputs);
      loss?.dispose();
    }
  }
  const evaluation = evaluate(task, predictions, truths, classes);
  return { ...evaluation, loss: lossSum / Math.max(order.length, 1) };
}
