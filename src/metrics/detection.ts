// Detection metrics: the COCO box evaluation (pycocotools' COCOeval, iouType 'bbox', default parameters)
// on the model's predictions, plus the operating-point, localisation and calibration metrics of
// Supervisely's model benchmark. README.md defines every value.
import { categoryAps, COCO_STAT_NAMES, type Accumulated } from './coco/accumulate';
import { detectionColumns, setBox, truthColumns, type BoxColumns, type CocoBoxes } from './coco/boxes';
import { evaluateCocoBoxes } from './coco/evaluate';
import { IGNORED, outcomeAt, TRUE_POSITIVE, type Matches } from './coco/match';
import { AREA_ALL, IOU_50 } from './coco/params';
import { calibrationBins, calibrationErrors } from './calibration';
import { classificationAccuracy } from './classAgnostic';
import { countedDetections, countsAt, f1OptimalThreshold } from './detectionOperatingPoint';
import {
  f1Score,
  ratio,
  type ClassMetrics,
  type Evaluation,
  type GroundTruthOf,
  type PrCurve,
  type PredictionOf,
} from './evaluation';
import { downsampleCurve } from './prCurve';
import type { Box } from './predictions';

type Task = 'object detection';

export interface DetectionOptions {
  /**
   * Count precision, recall, f1, iou and classification_accuracy over the detections scoring at least this,
   * instead of at the F1-optimal threshold. f1_optimal_conf is reported either way.
   */
  readonly scoreThreshold?: number;
}

/** A box from corners, as COCO's x, y, width, height. */
const storeBox = (
  columns: BoxColumns,
  index: number,
  image: number,
  box: Box & { readonly classIndex: number },
) => {
  setBox(columns, index, image, box.classIndex, box.x1, box.y1, box.x2 - box.x1, box.y2 - box.y1);
};

/** The predictions as COCO columns: image i is image i, class c is category c. */
function toColumns(
  predictions: readonly PredictionOf<Task>[],
  truths: readonly GroundTruthOf<Task>[],
  classCount: number,
): CocoBoxes {
  const checkClass = (image: number, classIndex: number) => {
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classCount) {
      throw new Error(`Image ${image}: box class ${classIndex} is outside the ${classCount} classes.`);
    }
  };
  const truthCount = truths.reduce((sum, truth) => sum + truth.boxes.length, 0);
  const detectionCount = predictions.reduce((sum, prediction) => sum + prediction.boxes.length, 0);
  const truthBoxes = truthColumns(truthCount);
  const detections = detectionColumns(detectionCount);
  let truthAt = 0;
  let detectionAt = 0;
  truths.forEach((truth, image) => {
    for (const box of truth.boxes) {
      checkClass(image, box.classIndex);
      storeBox(truthBoxes, truthAt, image, box);
      truthBoxes.area[truthAt] = box.area ?? truthBoxes.boxArea[truthAt] ?? 0;
      truthBoxes.crowd[truthAt] = box.crowd === true ? 1 : 0;
      truthAt++;
    }
    for (const box of predictions[image]?.boxes ?? []) {
      checkClass(image, box.classIndex);
      if (!Number.isFinite(box.score))
        throw new Error(`Image ${image}: a detection's score is ${box.score}.`);
      storeBox(detections, detectionAt, image, box);
      detections.score[detectionAt] = box.score;
      detectionAt++;
    }
  });
  return { imageCount: truths.length, categoryCount: classCount, truths: truthBoxes, detections };
}

const SIZE_RANGE = /_(small|medium|large)$/;

/**
 * The COCO statistics by name, AP as mAP. Those of area 'all' are 0 when nothing is labelled (so that the
 * primary metric always exists); those of one size range are absent when it has no ground truth.
 */
function cocoMetrics(stats: readonly number[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  COCO_STAT_NAMES.forEach((name, index) => {
    const value = stats[index] ?? -1;
    if (value !== -1) metrics[name] = value;
    else if (!SIZE_RANGE.test(name)) metrics[name] = 0;
  });
  const { AP = 0, ...named } = metrics;
  return { mAP: AP, mAP50: named.AP50 ?? 0, ...named };
}

/** One class's precision-recall curve at IoU 0.5: a point after each distinct score, best first. */
function prCurve(
  matches: Matches,
  accumulated: Accumulated,
  scores: Float64Array,
  category: number,
  className: string,
): PrCurve {
  const positives = matches.scoredTruths[AREA_ALL * accumulated.categoryCount + category] ?? 0;
  const curve = { className, recall: [] as number[], precision: [] as number[], score: [] as number[] };
  if (positives === 0) return curve;
  const start = matches.categoryStart[category] ?? 0;
  const end = matches.categoryStart[category + 1] ?? 0;
  let truePositives = 0;
  let counted = 0;
  // The score of the counted detections since the last point: a point is due once a counted detection
  // scores differently (ignored ones in between neither end a tie nor count).
  let pending: number | undefined;
  const addPoint = (score: number) => {
    curve.recall.push(truePositives / positives);
    curve.precision.push(truePositives / counted);
    curve.score.push(score);
  };
  for (let at = start; at < end; at++) {
    const position = accumulated.byScore[at] ?? 0;
    const outcome = outcomeAt(matches, AREA_ALL, IOU_50, position);
    if (outcome === IGNORED) continue;
    const score = scores[matches.kept[position] ?? 0] ?? 0;
    if (pending !== undefined && pending !== score) addPoint(pending);
    pending = score;
    counted++;
    if (outcome === TRUE_POSITIVE) truePositives++;
  }
  if (pending !== undefined) addPoint(pending);
  return downsampleCurve(curve);
}

export function evaluateDetection(
  predictions: readonly PredictionOf<Task>[],
  truths: readonly GroundTruthOf<Task>[],
  classes: readonly string[],
  options: DetectionOptions = {},
): Evaluation {
  const boxes = toColumns(predictions, truths, classes.length);
  const { matches, accumulated, stats } = evaluateCocoBoxes(boxes);
  const scores = boxes.detections.score;
  const counted = countedDetections(matches, scores);
  const positivesOf = (category: number) => matches.scoredTruths[AREA_ALL * classes.length + category] ?? 0;
  const positives = classes.reduce((sum, _, category) => sum + positivesOf(category), 0);

  const optimalThreshold = f1OptimalThreshold(counted, positives);
  const threshold = options.scoreThreshold ?? optimalThreshold;
  const counts = countsAt(counted, matches, boxes.detections.category, classes.length, threshold);
  const sum = (values: Int32Array) => values.reduce((total, value) => total + value, 0);
  const truePositives = sum(counts.truePositives);
  const precision = ratio(truePositives, truePositives + sum(counts.falsePositives));
  const recall = ratio(truePositives, positives);
  const calibration = calibrationBins(
    counted.scores,
    Array.from(counted.truePositive, (value) => value === 1),
  );
  const errors = calibrationErrors(calibration);

  const perClass: ClassMetrics[] = classes.map((className, category) => {
    const found = counts.truePositives[category] ?? 0;
    const classPrecision = ratio(found, found + (counts.falsePositives[category] ?? 0));
    const classRecall = ratio(found, positivesOf(category));
    return {
      className,
      metrics: {
        ...categoryAps(accumulated, category),
        precision: classPrecision,
        recall: classRecall,
        f1: f1Score(classPrecision, classRecall),
        groundTruth: positivesOf(category),
      },
    };
  });

  return {
    task: 'object detection',
    metrics: {
      ...cocoMetrics(stats),
      precision,
      recall,
      f1: f1Score(precision, recall),
      f1_optimal_conf: optimalThreshold,
      iou: ratio(counts.iouSum, truePositives),
      classification_accuracy: classificationAccuracy(boxes, matches, counted, threshold),
      calibration_score: 1 - errors.expected,
      expected_calibration_error: errors.expected,
      maximum_calibration_error: errors.maximum,
    },
    perClass,
    prCurves: classes.map((className, category) =>
      prCurve(matches, accumulated, scores, category, className),
    ),
    calibration,
  };
}
