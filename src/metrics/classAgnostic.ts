// Classification accuracy of a detector: localisation and naming told apart. Per image, the counted
// detections scoring at least the threshold (best score first) are matched to the ground truth without
// looking at classes: each takes the free truth it overlaps most, at IoU 0.5 or more. The share of those
// pairs whose classes agree is the classification accuracy.
import { cocoIou, type CocoBoxes } from './coco/boxes';
import type { Matches } from './coco/match';
import { AREA_RANGES, AREA_ALL, IOU_THRESHOLDS, IOU_50 } from './coco/params';
import type { CountedDetections } from './detectionOperatingPoint';
import { ratio } from './evaluation';

const MATCH_IOU = IOU_THRESHOLDS[IOU_50] ?? 0.5;

/** Truth indices grouped by image: those of image i are at starts[i] up to starts[i + 1]. */
function truthsByImage(boxes: CocoBoxes): { starts: Int32Array; truths: Int32Array } {
  const { truths, imageCount } = boxes;
  const range = AREA_RANGES[AREA_ALL];
  const counts = (truth: number) =>
    truths.crowd[truth] !== 1 &&
    range !== undefined &&
    (truths.area[truth] ?? 0) >= range.lower &&
    (truths.area[truth] ?? 0) <= range.upper;
  const starts = new Int32Array(imageCount + 1);
  for (let truth = 0; truth < truths.count; truth++) {
    const slot = (truths.image[truth] ?? 0) + 1;
    if (counts(truth)) starts[slot] = (starts[slot] ?? 0) + 1;
  }
  for (let image = 0; image < imageCount; image++)
    starts[image + 1] = (starts[image + 1] ?? 0) + (starts[image] ?? 0);
  const next = starts.slice(0, imageCount);
  const ordered = new Int32Array(starts[imageCount] ?? 0);
  for (let truth = 0; truth < truths.count; truth++) {
    if (!counts(truth)) continue;
    const image = truths.image[truth] ?? 0;
    const at = next[image] ?? 0;
    ordered[at] = truth;
    next[image] = at + 1;
  }
  return { starts, truths: ordered };
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
