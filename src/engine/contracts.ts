// The seams between the engine's parts: the image pipeline produces ImageBatch, a Network turns images into
// head outputs, its TaskHead turns outputs into a loss and into predictions, and the training loop drives
// them all. Each part is written and tested against these types alone.
import type * as tf from '@tensorflow/tfjs-core';
import type { TASK_TYPES } from '../core/names';
import type { Prediction } from '../metrics/predictions';

/** The tasks the built-in framework trains. */
export type EngineTask =
  | typeof TASK_TYPES.classification
  | typeof TASK_TYPES.objectDetection
  | typeof TASK_TYPES.semanticSegmentation;

/**
 * A box in model-input pixels, continuous coordinates: x2 and y2 are exclusive edges, so a box covering
 * pixel columns 3..5 is x1 = 3, x2 = 6.
 */
export interface TargetBox {
  /** Index into the run's class list. */
  readonly classIndex: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * Segmentation masks use 0 for background, i + 1 for classes[i], and this for pixels no loss may see: the
 * same value the metrics leave unscored.
 */
export { UNSCORED_PIXEL as IGNORE_PIXEL } from '../metrics/predictions';

export type BatchTargets =
  | { readonly task: typeof TASK_TYPES.classification; readonly labels: Int32Array }
  | { readonly task: typeof TASK_TYPES.objectDetection; readonly boxes: readonly (readonly TargetBox[])[] }
  | {
      readonly task: typeof TASK_TYPES.semanticSegmentation;
      /** size * inputSize * inputSize class indices, row-major per image. */
      readonly masks: Uint8Array;
    };

/** How an image was fitted into the square input, so predictions map back to the original pixels. */
export interface Placement {
  readonly originalWidth: number;
  readonly originalHeight: number;
  /** Input pixels per original pixel. */
  readonly scale: number;
  /** Where the scaled image's top-left corner sits in the input. */
  readonly offsetX: number;
  readonly offsetY: number;
}

export interface ImageBatch {
  /** size * inputSize * inputSize * 3 floats in [0, 1], NHWC. */
  readonly images: Float32Array;
  readonly size: number;
  readonly inputSize: number;
  readonly targets: BatchTargets;
  /** The dataset item refs, in batch order. */
  readonly refs: readonly string[];
  readonly placements: readonly Placement[];
}

/** A weight with a name that is unique and stable across runs, so checkpoints can be matched by name. */
export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
}

export interface NetworkSpec {
  readonly task: EngineTask;
  /** The architecture id, from models.json's `meta.arch_type`. */
  readonly arch: string;
  readonly numClasses: number;
  readonly inputSize: number;
  /** Seeds weight initialisation. */
  readonly seed: number;
}

export interface Network {
  readonly spec: NetworkSpec;
  /** Trainable weights, in a fixed order. */
  readonly trainable: readonly NamedVariable[];
  /** Non-trainable state, such as batch-norm moving statistics; saved and averaged with the weights. */
  readonly state: readonly NamedVariable[];
  /**
   * Weights of the class-dependent head layers: re-initialised when fine-tuning on another class list.
   * A subset of `trainable` and `state`, by name.
   */
  readonly headWeightNames: ReadonlySet<string>;
  /**
   * The forward pass, on NHWC images in [0, 1]. In training mode batch-norm layers normalise with batch
   * statistics and update their moving statistics (in `state`) as a side effect.
   */
  apply(images: tf.Tensor4D, training: boolean): tf.Tensor[];
  dispose(): void;
}

export interface DecodeOptions {
  /** Detection: boxes scoring below this are dropped. */
  readonly scoreThreshold: number;
  /** Detection: IoU above which a lower-scoring box of the same class is suppressed. */
  readonly nmsIouThreshold: number;
  /** Detection: at most this many boxes per image. */
  readonly maxDetections: number;
}

export interface TaskHead {
  /** Target tensors for a batch, in the form `loss` takes. */
  targets(batch: ImageBatch): tf.Tensor[];
  /** The mean loss of a batch. Must be differentiable in the outputs. */
  loss(outputs: readonly tf.Tensor[], targets: readonly tf.Tensor[]): tf.Scalar;
  /** Predictions per image, mapped back to original image pixels through the placements. */
  decode(outputs: readonly tf.Tensor[], batch: ImageBatch, options: DecodeOptions): Promise<Prediction[]>;
}
