// What a model predicts for one image, and the ground truth it is scored against, in original image pixels.
// Produced by the engine's decoders, consumed by the metrics here and by the evaluation report.

/** A box in continuous pixel coordinates: x2 and y2 are exclusive edges. */
export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface ScoredBox extends Box {
  readonly classIndex: number;
  readonly score: number;
}

export interface LabelledBox extends Box {
  readonly classIndex: number;
  /** COCO iscrowd: matching it is neither a true nor a false positive. */
  readonly crowd?: boolean;
  /**
   * COCO's annotation area (of the segmentation, when there is one): it places the object in the small,
   * medium or large range. Absent, the box's area does.
   */
  readonly area?: number;
}

export type Prediction =
  | {
      readonly task: 'classification';
      /** A probability per class, summing to 1. */
      readonly scores: Float32Array;
    }
  | { readonly task: 'object detection'; readonly boxes: readonly ScoredBox[] }
  | {
      readonly task: 'semantic segmentation';
      readonly width: number;
      readonly height: number;
      /** width * height class indices, row-major: 0 background, i + 1 for class i. */
      readonly mask: Uint8Array;
    };

/** A segmentation truth mask's value for pixels that are not scored (nor trained on). */
export const UNSCORED_PIXEL = 255;

export type GroundTruth =
  | { readonly task: 'classification'; readonly classIndex: number }
  | { readonly task: 'object detection'; readonly boxes: readonly LabelledBox[] }
  | {
      readonly task: 'semantic segmentation';
      readonly width: number;
      readonly height: number;
      /** Same layout as the prediction's mask; UNSCORED_PIXEL marks pixels that are not scored. */
      readonly mask: Uint8Array;
    };

/** The highest-scoring class of a classification prediction, and its score; the first of equals. */
export function topClass(scores: ArrayLike<number>): { readonly index: number; readonly score: number } {
  let index = 0;
  for (let candidate = 1; candidate < scores.length; candidate++) {
    if ((scores[candidate] ?? 0) > (scores[index] ?? 0)) index = candidate;
  }
  return { index, score: scores[index] ?? 0 };
}

/** The class's name; a model never predicts past its class list, but an index is still better than nothing. */
export const classTitle = (classes: readonly string[], index: number): string =>
  classes[index] ?? `class ${String(index)}`;
