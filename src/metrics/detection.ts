// COCO box evaluation, step for step as pycocotools' COCOeval (iouType 'bbox', area range 'all',
// maxDets 100): greedy matching by score per image and class, crowd truths ignored (a detection matched to
// one is neither a true nor a false positive), precision made monotone and sampled at 101 recall points.
// Classes without (non-crowd) ground truth get no AP and are left out of the means.
import { boxIou } from './boxes';
import { f1Score, mean, ratio, type Evaluation, type GroundTruthOf, type PredictionOf } from './evaluation';
import type { LabelledBox, ScoredBox } from './predictions';

type Task = 'object detection';

const MAX_DETECTIONS = 100;
/** numpy's spacing(1), which pycocotools adds to precision denominators. */
const FLOAT_SPACING = 2.220446049250313e-16;

/** np.linspace(start, stop, count), whose values pycocotools compares against, bit for bit. */
function linspace(start: number, stop: number, count: number): number[] {
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : i * step + start));
}

/** 0.50, 0.55, ..., 0.95. */
export const IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
const RECALL_THRESHOLDS = linspace(0, 1, 101);
const IOU_50 = 0;
const IOU_75 = 5;

/** One image's detections of one class after matching, at every IoU threshold. */
interface ImageMatches {
  readonly scores: readonly number[];
  /** [threshold][detection]. */
  readonly matched: readonly (readonly boolean[])[];
  readonly ignored: readonly (readonly boolean[])[];
  readonly scoredTruths: number;
}

/** Stable sort by descending score, as numpy's mergesort on -score. */
const byScore = <T extends { readonly score: number }>(items: readonly T[]) =>
  items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.score - a.item.score || a.index - b.index)
    .map(({ item }) => item);

/** pycocotools' evaluateImg for one image and class. */
function matchImage(detectionsIn: readonly ScoredBox[], truthsIn: readonly LabelledBox[]): ImageMatches {
  const detections = byScore(detectionsIn).slice(0, MAX_DETECTIONS);
  // Scored truths first, so a detection prefers them over crowds.
  const truths = [...truthsIn.filter((truth) => !truth.crowd), ...truthsIn.filter((truth) => truth.crowd)];
  const ious = detections.map((detection) => truths.map((truth) => boxIou(detection, truth, truth.crowd)));
  const matched: boolean[][] = [];
  const ignored: boolean[][] = [];
  for (const threshold of IOU_THRESHOLDS) {
    const truthTaken = truths.map(() => false);
    const detectionMatched = detections.map(() => false);
    const detectionIgnored = detections.map(() => false);
    detections.forEach((_, d) => {
      let best = Math.min(threshold, 1 - 1e-10);
      let match = -1;
      for (let g = 0; g < truths.length; g++) {
        const crowd = truths[g]?.crowd === true;
        if (truthTaken[g] && !crowd) continue;
        // Once a scored truth matches, crowds (sorted last) cannot take the detection from it.
        if (match > -1 && truths[match]?.crowd !== true && crowd) break;
        const iou = ious[d]?.[g] ?? 0;
        if (iou < best) continue;
        best = iou;
        match = g;
      }
      if (match === -1) return;
      detectionIgnored[d] = truths[match]?.crowd === true;
      detectionMatched[d] = true;
      truthTaken[match] = true;
    });
    matched.push(detectionMatched);
    ignored.push(detectionIgnored);
  }
  return {
    scores: detections.map((detection) => detection.score),
    matched,
    ignored,
    scoredTruths: truths.filter((truth) => !truth.crowd).length,
  };
}

interface Counted {
  readonly score: number;
  readonly matched: boolean;
  readonly ignored: boolean;
}

/** Detections of every image at one threshold, best first (image order breaks ties, as numpy does). */
function pooled(images: readonly ImageMatches[], threshold: number): Counted[] {
  const all = images.flatMap((image) =>
    image.scores.map((score, d) => ({
      score,
      matched: image.matched[threshold]?.[d] === true,
      ignored: image.ignored[threshold]?.[d] === true,
    })),
  );
  return byScore(all);
}

/** COCO's 101-point interpolated AP of one class at one IoU threshold. */
function averagePrecision(detections: readonly Counted[], scoredTruths: number): number {
  const precision: number[] = [];
  const recall: number[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (const detection of detections) {
    if (detection.ignored) {
      // pycocotools keeps ignored detections in the curve with unchanged cumulative counts.
    } else if (detection.matched) truePositives++;
    else falsePositives++;
    recall.push(truePositives / scoredTruths);
    precision.push(truePositives / (falsePositives + truePositives + FLOAT_SPACING));
  }
  for (let i = precision.length - 1; i > 0; i--) {
    precision[i - 1] = Math.max(precision[i - 1] ?? 0, precision[i] ?? 0);
  }
  const sampled = RECALL_THRESHOLDS.map((threshold) => {
    const index = recall.findIndex((value) => value >= threshold);
    return index === -1 ? 0 : (precision[index] ?? 0);
  });
  return mean(sampled);
}

interface ThresholdCounts {
  truePositives: number;
  falsePositives: number;
}

/** Matches at IoU 0.5 among detections scoring at least `scoreThreshold`. */
function countAtThreshold(images: readonly ImageMatches[], scoreThreshold: number): ThresholdCounts {
  const counts = { truePositives: 0, falsePositives: 0 };
  for (const image of images) {
    image.scores.forEach((score, d) => {
      if (score < scoreThreshold || image.ignored[IOU_50]?.[d] === true) return;
      if (image.matched[IOU_50]?.[d] === true) counts.truePositives++;
      else counts.falsePositives++;
    });
  }
  return counts;
}

export interface DetectionOptions {
  /** Precision, recall and F1 count only detections scoring at least this (default 0: all). */
  readonly scoreThreshold?: number;
}

export function evaluateDetection(
  predictions: readonly PredictionOf<Task>[],
  truths: readonly GroundTruthOf<Task>[],
  classes: readonly string[],
  options: DetectionOptions = {},
): Evaluation {
  const scoreThreshold = options.scoreThreshold ?? 0;
  const perClass = classes.map((className, classIndex) => {
    const ofClass = <B extends { readonly classIndex: number }>(boxes: readonly B[]) =>
      boxes.filter((box) => box.classIndex === classIndex);
    const images = truths.map((truth, image) =>
      matchImage(ofClass(predictions[image]?.boxes ?? []), ofClass(truth.boxes)),
    );
    const scoredTruths = images.reduce((sum, image) => sum + image.scoredTruths, 0);
    const counts = countAtThreshold(images, scoreThreshold);
    const averages =
      scoredTruths === 0
        ? undefined
        : IOU_THRESHOLDS.map((_, threshold) => averagePrecision(pooled(images, threshold), scoredTruths));
    return { className, scoredTruths, counts, averages };
  });

  const withTruth = perClass.filter((entry) => entry.averages !== undefined);
  const meanAt = (threshold: number) => mean(withTruth.map((entry) => entry.averages?.[threshold] ?? 0));
  const total = (key: keyof ThresholdCounts) => perClass.reduce((sum, entry) => sum + entry.counts[key], 0);
  const truePositives = total('truePositives');
  const scoredTruths = perClass.reduce((sum, entry) => sum + entry.scoredTruths, 0);
  const precision = ratio(truePositives, truePositives + total('falsePositives'));
  const recall = ratio(truePositives, scoredTruths);
  const mAP50 = meanAt(IOU_50);
  return {
    task: 'object detection',
    metrics: {
      mAP: mean(withTruth.map((entry) => mean(entry.averages ?? []))),
      mAP50,
      // FORMATS' name for the same value.
      AP50: mAP50,
      AP75: meanAt(IOU_75),
      precision,
      recall,
      f1: f1Score(precision, recall),
    },
    perClass: perClass.map(({ className, scoredTruths: groundTruth, counts, averages }) => {
      const classPrecision = ratio(counts.truePositives, counts.truePositives + counts.falsePositives);
      const classRecall = ratio(counts.truePositives, groundTruth);
      const ap = averages && {
        AP: mean(averages),
        AP50: averages[IOU_50] ?? 0,
        AP75: averages[IOU_75] ?? 0,
      };
      return {
        className,
        metrics: { ...ap, precision: classPrecision, recall: classRecall, groundTruth },
      };
    }),
  };
}
