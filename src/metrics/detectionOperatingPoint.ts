// The confidence threshold a detector is used at, and what it finds there. Counted detections are the kept
// ones (best 100 per image and class) at IoU 0.5 and area 'all' that are not ignored (crowd matches):
// each is a true or a false positive.
import { TRUE_POSITIVE, IGNORED, outcomeAt, type Matches } from './coco/match';
import { AREA_ALL, IOU_50 } from './coco/params';

export interface CountedDetections {
  /** Positions in Matches. */
  readonly positions: Int32Array;
  readonly scores: Float64Array;
  readonly truePositive: Uint8Array;
}

export function countedDetections(matches: Matches, detectionScores: Float64Array): CountedDetections {
  const counts = (position: number) => outcomeAt(matches, AREA_ALL, IOU_50, position) !== IGNORED;
  let total = 0;
  for (let position = 0; position < matches.kept.length; position++) if (counts(position)) total++;
  const positions = new Int32Array(total);
  const scores = new Float64Array(total);
  const truePositive = new Uint8Array(total);
  let at = 0;
  for (let position = 0; position < matches.kept.length; position++) {
    if (!counts(position)) continue;
    positions[at] = position;
    scores[at] = detectionScores[matches.kept[position] ?? 0] ?? 0;
    truePositive[at] = outcomeAt(matches, AREA_ALL, IOU_50, position) === TRUE_POSITIVE ? 1 : 0;
    at++;
  }
  return { positions, scores, truePositive };
}

/**
 * The score threshold with the highest F1 over all classes (the highest such threshold on ties), trying
 * every distinct score; 0 when no detection is a true positive.
 */
export function f1OptimalThreshold(counted: CountedDetections, positives: number): number {
  // Both ascending, walked from the top: at each distinct score, how many detections and how many true
  // positives score at least that much.
  const all = Float64Array.from(counted.scores).sort();
  const hits = counted.scores.filter((_, i) => counted.truePositive[i] === 1).sort();
  let best = { threshold: 0, f1: 0 };
  let next = all.length - 1;
  let nextHit = hits.length - 1;
  while (next >= 0) {
    const score = all[next] ?? 0;
    while (next >= 0 && all[next] === score) next--;
    while (nextHit >= 0 && (hits[nextHit] ?? 0) >= score) nextHit--;
    const detections = all.length - 1 - next;
    const found = hits.length - 1 - nextHit;
    // 2 TP / (TP + FP + TP + FN) is F1 from exact counts, so that equal F1s compare equal.
    const f1 = (2 * found) / (detections + positives);
    if (f1 > best.f1) best = { threshold: score, f1 };
  }
  return best.threshold;
}

export interface ClassCounts {
  readonly truePositives: Int32Array;
  readonly falsePositives: Int32Array;
  /** The sum of the IoUs of all true positives, and their number. */
  readonly iouSum: number;
}

/** Per class, true and false positives among the counted detections scoring at least `threshold`. */
export function countsAt(
  counted: CountedDetections,
  matches: Matches,
  detectionCategory: Int32Array,
  categoryCount: number,
  threshold: number,
): ClassCounts {
  const truePositives = new Int32Array(categoryCount);
  const falsePositives = new Int32Array(categoryCount);
  let iouSum = 0;
  counted.positions.forEach((position, i) => {
    if ((counted.scores[i] ?? 0) < threshold) return;
    const category = detectionCategory[matches.kept[position] ?? 0] ?? 0;
    if (counted.truePositive[i] === 1) {
      truePositives[category] = (truePositives[category] ?? 0) + 1;
      iouSum += matches.matchedIou[position] ?? 0;
    } else {
      falsePositives[category] = (falsePositives[category] ?? 0) + 1;
    }
  });
  return { truePositives, falsePositives, iouSum };
}
