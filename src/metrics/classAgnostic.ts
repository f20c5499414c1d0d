// Classification accuracy of a detector: localisation and naming told apart. Per image, the counted
// detections scoring at least the threshold (best score first) are matched to the ground truth without
// looking at classes: each takes the free truth it overlaps most, at IoU 0.5 or more. The share of those
// pairs whose classes agree is the classification accuracy.
import { cocoIou, type CocoBoxes } from './coco/boxes';
import { countingSort, isScoredTruth, type Matches } from './coco/match';
import { AREA_RANGES, AREA_ALL, IOU_THRESHOLDS, IOU_50 } from './coco/params';
import type { CountedDetections } from './detectionOperatingPoint';
import { ratio } from './evaluation';

const MATCH_IOU = IOU_THRESHOLDS[IOU_50] ?? 0.5;

/** The scored truths grouped by image: those of image i are at starts[i] up to starts[i + 1]. */
function truthsByImage(boxes: CocoBoxes): { starts: Int32Array; truths: Int32Array } {
  const { truths, imageCount } = boxes;
  const range = AREA_RANGES[AREA_ALL] ?? { lower: 0, upper: 0 };
  const scored = Int32Array.from({ length: truths.count }, (_, truth) => truth).filter((truth) =>
    isScoredTruth(truths, truth, range),
  );
  const { order, starts } = countingSort(truths.image, imageCount, scored);
  return { starts, truths: order };
}

export function classificationAccuracy(
  boxes: CocoBoxes,
  matches: Matches,
  counted: CountedDetections,
  threshold: number,
): number {
  const { detections, truths } = boxes;
  const candidates: number[] = [];
  counted.scores.forEach((score, i) => {
    if (score >= threshold) candidates.push(matches.kept[counted.positions[i] ?? 0] ?? 0);
  });
  candidates.sort(
    (a, b) =>
      (detections.image[a] ?? 0) - (detections.image[b] ?? 0) ||
      (detections.score[b] ?? 0) - (detections.score[a] ?? 0) ||
      a - b,
  );
  const byImage = truthsByImage(boxes);
  const taken = new Uint8Array(truths.count);
  let pairs = 0;
  let agreeing = 0;
  for (const detection of candidates) {
    const image = detections.image[detection] ?? 0;
    let best = MATCH_IOU;
    let match = -1;
    for (let at = byImage.starts[image] ?? 0; at < (byImage.starts[image + 1] ?? 0); at++) {
      const truth = byImage.truths[at] ?? 0;
      if (taken[truth] === 1) continue;
      const iou = cocoIou(detections, detection, truths, truth);
      if (iou < best || (iou === best && match !== -1)) continue;
      best = iou;
      match = truth;
    }
    if (match === -1) continue;
    taken[match] = 1;
    pairs++;
    if (truths.category[match] === detections.category[detection]) agreeing++;
  }
  return ratio(agreeing, pairs);
}
