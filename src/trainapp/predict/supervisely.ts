import { SHAPES, TAG_VALUE_TYPES, TASK_TYPES } from '../../core/names';
import type { ProjectMeta } from '../../core/schemas';
import type { ImageSize } from '../../data/imageSize';
import type { Tag } from '../../data/model';
import { labelMasks } from '../../data/writers/labelMasks';
import type { WrittenAnnotation, WrittenObject } from '../../data/writers/superviselyAnnotation';
import type { DrawnClass } from '../../engine/draw/drawPrediction';
import type { EngineTask } from '../../engine/contracts';
import type { Prediction, ScoredBox } from '../../metrics/predictions';
import { classTitle, roundScore, topClass } from './scores';

// Predictions as Supervisely annotations (FORMATS.md §1): boxes as rectangles tagged with their confidence,
// a semantic mask as one bitmap per class, and a class as an image tag whose value is its probability. Each
// ann/<image>.json is a Supervisely annotation and meta.json lists the classes and tags they use; the output
// folder itself is not a Supervisely project (no dataset folder, no img/), so neither our reader nor
// Supervisely opens it as one.

/** The object tag that carries a predicted box's score. */
export const CONFIDENCE_TAG = 'confidence';

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * A continuous box (exclusive right and bottom edges) as the whole pixels whose centres it covers, inclusive
 * as Supervisely counts them; at least one pixel, inside the image.
 */
export function rectangleOf(box: ScoredBox, image: ImageSize) {
  const left = clamp(Math.round(box.x1), 0, image.width - 1);
  const top = clamp(Math.round(box.y1), 0, image.height - 1);
  return {
    type: 'rectangle' as const,
    left,
    top,
    right: clamp(Math.round(box.x2) - 1, left, image.width - 1),
    bottom: clamp(Math.round(box.y2) - 1, top, image.height - 1),
  };
}

function objectsOf(prediction: Prediction, image: ImageSize, classes: readonly string[]): WrittenObject[] {
  if (prediction.task === TASK_TYPES.objectDetection) {
    return prediction.boxes.map((box) => ({
      classTitle: classTitle(classes, box.classIndex),
      geometry: rectangleOf(box, image),
      tags: [{ name: CONFIDENCE_TAG, value: roundScore(box.score) }],
    }));
  }
  if (prediction.task === TASK_TYPES.semanticSegmentation) {
    const masks = labelMasks({ width: prediction.width, height: prediction.height, labels: prediction.mask });
    return [...masks].map(([label, placed]) => ({
      classTitle: classTitle(classes, label - 1),
      geometry: { type: 'bitmap', ...placed },
      tags: [],
    }));
  }
  return [];
}

function imageTagsOf(prediction: Prediction, classes: readonly string[]): Tag[] {
  if (prediction.task !== TASK_TYPES.classification) return [];
  const best = topClass(prediction.scores);
  return [{ name: classTitle(classes, best.index), value: roundScore(best.score) }];
}

export function superviselyPrediction(
  prediction: Prediction,
  image: ImageSize,
  classes: readonly string[],
): WrittenAnnotation {
  return {
    width: image.width,
    height: image.height,
    tags: imageTagsOf(prediction, classes),
    objects: objectsOf(prediction, image, classes),
  };
}

/** meta.json for the predictions: the classes and tags that the annotations use, in the model's colours. */
export function predictionsMeta(task: EngineTask, classes: readonly DrawnClass[]): ProjectMeta {
  const projectType = 'images';
  switch (task) {
    case TASK_TYPES.classification:
      return {
        classes: [],
        tags: classes.map(({ name, color }) => ({
          name,
          color,
          value_type: TAG_VALUE_TYPES.anyNumber,
          applicable_type: 'imagesOnly',
        })),
        projectType,
      };
    case TASK_TYPES.objectDetection:
      return {
        classes: classes.map(({ name, color }) => ({ title: name, shape: SHAPES.rectangle, color })),
        tags: [
          { name: CONFIDENCE_TAG, value_type: TAG_VALUE_TYPES.anyNumber, applicable_type: 'objectsOnly' },
        ],
        projectType,
      };
    case TASK_TYPES.semanticSegmentation:
      return {
        classes: classes.map(({ name, color }) => ({ title: name, shape: SHAPES.bitmap, color })),
        tags: [],
        projectType,
      };
  }
}
