// Predictions for plain image files from a loaded checkpoint: the images go through the evaluation
// pipeline (decoded, letterboxed, batched and prefetched exactly as validation sees them), the network runs
// in inference mode, and the head decodes its outputs back to each image's own pixels.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../core/names';
import type { DatasetItem } from '../../data/model';
import type { Prediction } from '../../metrics/predictions';
import type { DecodeOptions, Network, NetworkSpec, TaskHead } from '../contracts';
import { DETECTION_SUPPRESSION } from '../models/heads/centernet';
import { createPipeline } from '../pipeline';
import { imagesOf } from '../train/trainStep';

/** The score a box needs to be kept when people read the predictions (evaluation keeps nearly all for AP). */
export const DEFAULT_SCORE_THRESHOLD = 0.25;

/** Detection decoding for prediction; the score threshold is the user's. */
export function predictionDecodeOptions(scoreThreshold = DEFAULT_SCORE_THRESHOLD): DecodeOptions {
  return { scoreThreshold, ...DETECTION_SUPPRESSION };
}

export interface PredictionModel {
  readonly spec: NetworkSpec;
  readonly classes: readonly string[];
  readonly network: Network;
  readonly head: TaskHead;
}

export interface ImageFile {
  /** Absolute. */
  readonly path: string;
  /** As stored in the file's header. */
  readonly width: number;
  readonly height: number;
}

export interface PredictionRequest {
  readonly batchSize: number;
  readonly decode: DecodeOptions;
}

export interface ImagePrediction<T extends ImageFile> {
  readonly image: T;
  /** The image's position in the list given. */
  readonly index: number;
  readonly prediction: Prediction;
}

/** What the pipeline needs of an image: where it is and its size. It has no dataset, tags or objects. */
const plainItem = (image: ImageFile): DatasetItem => ({
  ref: image.path,
  dataset: '',
  name: path.basename(image.path),
  imagePath: image.path,
  width: image.width,
  height: image.height,
  tags: [],
  objects: [],
});

/**
 * The images' predictions, in the order given, a batch at a time. A damaged image rejects with the
 * pipeline's DatasetError naming it. Breaking out of the loop stops decoding; no tensor outlives a batch.
 */
export async function* predictImages<T extends ImageFile>(
  model: PredictionModel,
  images: readonly T[],
  request: PredictionRequest,
): AsyncGenerator<ImagePrediction<T>, void, undefined> {
  // The pipeline writes targets for the task it is given, and an unlabelled image has no classification
  // target. Prediction needs none, and the heads' decoders read only images and placements; detection's
  // targets for an image without objects are an empty list, the cheapest, whatever the model's task.
  const pipeline = createPipeline(images.map(plainItem), {
    task: TASK_TYPES.objectDetection,
    classes: model.classes,
    inputSize: model.spec.inputSize,
  });
  const order = images.map((_, index) => index);
  let next = 0;
  try {
    for await (const batch of pipeline.batches({ order, batchSize: request.batchSize, seed: 0 })) {
      const outputs = tf.tidy(() => model.network.apply(imagesOf(batch), false));
      let predictions: Prediction[];
      try {
        predictions = await model.head.decode(outputs, batch, request.decode);
      } finally {
        tf.dispose(outputs);
      }
      const start = next;
      next += batch.size;
      for (const [offset, image] of images.slice(start, next).entries()) {
        const prediction = predictions[offset];
        if (prediction === undefined) {
          throw new Error(
            `The head decoded ${String(predictions.length)} predictions for ${String(batch.size)} images.`,
          );
        }
        yield { image, index: start + offset, prediction };
      }
    }
  } finally {
    await pipeline.close();
  }
}
