// Evaluation of a model's predictions against ground truth, per task.
import { evaluateClassification } from './classification';
import { evaluateDetection } from './detection';
import type { EvaluatedTask, Evaluation, GroundTruthOf, PredictionOf } from './evaluation';
import type { GroundTruth, Prediction } from './predictions';
import { evaluateSegmentation } from './segmentation';

export { evaluateClassification } from './classification';
export {
  COCO_STAT_NAMES,
  CocoFormatError,
  evaluateCoco,
  IOU_THRESHOLDS,
  readCocoDetections,
  readCocoGroundTruth,
  type CocoCategoryResult,
  type CocoDetections,
  type CocoFileEvaluation,
  type CocoGroundTruth,
} from './coco';
export { evaluateDetection, type DetectionOptions } from './detection';
export type { CalibrationBin, ClassMetrics, EvaluatedTask, Evaluation, PrCurve } from './evaluation';
export { BACKGROUND_NAME, evaluateSegmentation } from './segmentation';
export { PRIMARY_METRIC, primaryMetricOf } from './primaryMetric';

function ofTask<Task extends EvaluatedTask, Item extends { readonly task: string }>(
  items: readonly Item[],
  task: Task,
  what: string,
): Extract<Item, { task: Task }>[] {
  items.forEach((item, index) => {
    if (item.task !== task) throw new Error(`${what} ${index} is for ${item.task}, not ${task}.`);
  });
  return items as Extract<Item, { task: Task }>[];
}

/**
 * Scores predictions against ground truth, image by image in the same order. `classes` names the class
 * indices. Detection counts precision and recall from the F1-optimal score threshold (evaluateDetection
 * can fix another).
 */
export function evaluate(
  task: EvaluatedTask,
  predictions: readonly Prediction[],
  truths: readonly GroundTruth[],
  classes: readonly string[],
): Evaluation {
  if (predictions.length !== truths.length) {
    throw new Error(
      `Cannot evaluate ${predictions.length} predictions against ${truths.length} ground truths.`,
    );
  }
  const inputs = <T extends EvaluatedTask>(of: T): [PredictionOf<T>[], GroundTruthOf<T>[]] => [
    ofTask(predictions, of, 'Prediction'),
    ofTask(truths, of, 'Ground truth'),
  ];
  switch (task) {
    case 'classification':
      return evaluateClassification(...inputs(task), classes);
    case 'object detection':
      return evaluateDetection(...inputs(task), classes);
    case 'semantic segmentation':
      return evaluateSegmentation(...inputs(task), classes);
  }
}
