// pycocotools' COCOeval.evaluate for iouType 'bbox': per image and category, the best 100 detections by
// score are matched greedily to the truths at every IoU threshold and for every area range. A detection's
// outcome is a true positive, a false positive, or ignored (it matched a crowd or a truth outside the area
// range, or it is unmatched and itself outside the range).
import { cocoIou, type CocoBoxes, type TruthColumns } from './boxes';
import {
  AREA_ALL,
  AREA_RANGES,
  IOU_50,
  IOU_THRESHOLDS,
  MAX_DETECTIONS,
  LIMIT_100,
  type AreaRange,
} from './params';

export const FALSE_POSITIVE = 0;
export const TRUE_POSITIVE = 1;
export const IGNORED = 2;

const THRESHOLDS = IOU_THRESHOLDS.length;
const AREAS = AREA_RANGES.length;
const MAX_KEPT = MAX_DETECTIONS[LIMIT_100];
/** pycocotools starts each search at min(threshold, 1 - 1e-10): the threshold itself, below 1. */
const START_IOU = IOU_THRESHOLDS.map((threshold) => Math.min(threshold, 1 - 1e-10));

export interface Matches {
  /**
   * The kept detections (the best 100 by score of each image and category) as indices into the detection
   * columns, grouped by category, then image, then rank. A "position" below indexes this array.
   */
  readonly kept: Int32Array;
  /** Per position: the detection's rank in its image and category, 0 for the best score. */
  readonly rank: Int32Array;
  /** Positions of category k: categoryStart[k] up to categoryStart[k + 1]. */
  readonly categoryStart: Int32Array;
  /**
   * Outcome at [position][area][threshold], so that one position's outcomes are adjacent: read them with
   * outcomeAt.
   */
  readonly outcome: Uint8Array;
  /** At area 'all' and IoU 0.5, per position: the IoU of the detection's match (0 when unmatched). */
  readonly matchedIou: Float64Array;
  /** Truths that are not ignored, at [area * categoryCount + category]: the recall denominators. */
  readonly scoredTruths: Int32Array;
}

/**
 * The indices `input` stably sorted by their key, keys[index] in [0, keyCount), in linear time: key k's
 * run is order[starts[k]] up to order[starts[k + 1]].
 */
export function countingSort(
  keys: Int32Array,
  keyCount: number,
  input: Int32Array,
): { order: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(keyCount + 1);
  for (const index of input) {
    const slot = (keys[index] ?? 0) + 1;
    starts[slot] = (starts[slot] ?? 0) + 1;
  }
  for (let key = 0; key < keyCount; key++) starts[key + 1] = (starts[key + 1] ?? 0) + (starts[key] ?? 0);
  const next = starts.slice(0, keyCount);
  const order = new Int32Array(input.length);
  for (const index of input) {
    const key = keys[index] ?? 0;
    const at = next[key] ?? 0;
    order[at] = index;
    next[key] = at + 1;
  }
  return { order, starts };
}

/**
 * Box indices ordered by category, then image, then index: two stable counting sorts (least significant
 * key first), linear in the boxes, images and categories.
 */
function groupOrder(
  image: Int32Array,
  category: Int32Array,
  imageCount: number,
  categoryCount: number,
): Int32Array {
  const identity = Int32Array.from({ length: image.length }, (_, index) => index);
  return countingSort(category, categoryCount, countingSort(image, imageCount, identity).order).order;
}

/** Whether a truth counts in an area range (a recall denominator): neither a crowd nor outside the range. */
export function isScoredTruth(
  truths: TruthColumns,
  truth: number,
  range: Pick<AreaRange, 'lower' | 'upper'>,
): boolean {
  const area = truths.area[truth] ?? 0;
  return !(truths.crowd[truth] === 1 || area < range.lower || area > range.upper);
}

/** Scratch arrays reused across groups, grown on demand. */
class Scratch {
  iou = new Float64Array(0);
  order = new Int32Array(0);
  ignored = new Uint8Array(0);
  taken = new Uint8Array(0);
  detections = new Int32Array(0);

  reserve(detections: number, truths: number): void {
    if (this.iou.length < detections * truths) this.iou = new Float64Array(detections * truths * 2);
    if (this.order.length < truths) {
      this.order = new Int32Array(truths * 2);
      this.ignored = new Uint8Array(truths * 2);
      this.taken = new Uint8Array(truths * 2);
    }
    if (this.detections.length < detections) this.detections = new Int32Array(detections * 2);
  }
}

/**
 * Sorts detection indices best score first; equal scores keep index (file) order, as numpy's stable
 * mergesort on -score does. Most groups are a handful of detections, for which insertion sort is quickest.
 */
function sortByScore(indices: Int32Array, scores: Float64Array): void {
  if (indices.length > 32) {
    indices.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
    return;
  }
  for (let i = 1; i < indices.length; i++) {
    const index = indices[i] ?? 0;
    const score = scores[index] ?? 0;
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = indices[j] ?? 0;
      const otherScore = scores[other] ?? 0;
      if (otherScore > score || (otherScore === score && other < index)) break;
      indices[j + 1] = other;
    }
    indices[j + 1] = index;
  }
}

/** The outcome of the kept detection at `position`, for one area range and IoU threshold. */
export const outcomeAt = (matches: Matches, area: number, threshold: number, position: number): number =>
  matches.outcome[(position * AREAS + area) * THRESHOLDS + threshold] ?? IGNORED;

/** One image and category: its truths (a run of the grouped truth order) and its kept detections. */
interface Group {
  readonly category: number;
  readonly truthStart: number;
  readonly truthCount: number;
  /** Kept detection indices, best first. */
  readonly detections: Int32Array;
  /** Where the group's detections start among the positions. */
  readonly position: number;
}

class Matcher {
  readonly kept: Int32Array;
  readonly rank: Int32Array;
  readonly outcome: Uint8Array;
  readonly matchedIou: Float64Array;
  readonly scoredTruths: Int32Array;
  readonly truthOrder: Int32Array;
  private readonly scratch = new Scratch();

  constructor(private readonly boxes: CocoBoxes) {
    const capacity = boxes.detections.count;
    this.kept = new Int32Array(capacity);
    this.rank = new Int32Array(capacity);
    this.outcome = new Uint8Array(capacity * AREAS * THRESHOLDS);
    this.matchedIou = new Float64Array(capacity);
    this.scoredTruths = new Int32Array(AREAS * boxes.categoryCount);
    this.truthOrder = groupOrder(
      boxes.truths.image,
      boxes.truths.category,
      boxes.imageCount,
      boxes.categoryCount,
    );
  }

  /** Ranks and keeps a group's detections, then matches them for every area range; returns how many it kept. */
  group(
    category: number,
    truthStart: number,
    truthCount: number,
    detections: Int32Array,
    position: number,
  ): number {
    const { scratch } = this;
    scratch.reserve(detections.length, truthCount);
    const sorted = scratch.detections.subarray(0, detections.length);
    sorted.set(detections);
    sortByScore(sorted, this.boxes.detections.score);
    const kept = sorted.subarray(0, Math.min(sorted.length, MAX_KEPT));
    this.kept.set(kept, position);
    for (let d = 0; d < kept.length; d++) this.rank[position + d] = d;
    const group = { category, truthStart, truthCount, detections: kept, position };
    for (let d = 0; d < kept.length; d++) {
      const detection = kept[d] ?? 0;
      for (let g = 0; g < truthCount; g++) {
        const truth = this.truthOrder[truthStart + g] ?? 0;
        scratch.iou[d * truthCount + g] = cocoIou(this.boxes.detections, detection, this.boxes.truths, truth);
      }
    }
    for (let area = 0; area < AREAS; area++) this.matchArea(group, area);
    return kept.length;
  }

  private matchArea(group: Group, area: number): void {
    const { truths, detections } = this.boxes;
    const { order, ignored, taken, iou } = this.scratch;
    const { truthStart, truthCount, position } = group;
    const range = AREA_RANGES[area] ?? { lower: 0, upper: 0 };
    // Truths in range first, then the ignored ones, each in file order (pycocotools' stable argsort).
    let scored = 0;
    for (let g = 0; g < truthCount; g++) {
      ignored[g] = isScoredTruth(truths, this.truthOrder[truthStart + g] ?? 0, range) ? 0 : 1;
      if (ignored[g] === 0) order[scored++] = g;
    }
    const slot = area * this.boxes.categoryCount + group.category;
    this.scoredTruths[slot] = (this.scoredTruths[slot] ?? 0) + scored;
    let next = scored;
    for (let g = 0; g < truthCount; g++) if (ignored[g] === 1) order[next++] = g;

    if (truthCount === 0) {
      // Nothing to match: each detection is a false positive, or ignored outside the range.
      for (let d = 0; d < group.detections.length; d++) {
        const detectionArea = detections.boxArea[group.detections[d] ?? 0] ?? 0;
        const outOfRange = detectionArea < range.lower || detectionArea > range.upper;
        const first = ((position + d) * AREAS + area) * THRESHOLDS;
        this.outcome.fill(outOfRange ? IGNORED : FALSE_POSITIVE, first, first + THRESHOLDS);
      }
      return;
    }
    for (let threshold = 0; threshold < THRESHOLDS; threshold++) {
      taken.fill(0, 0, truthCount);
      for (let d = 0; d < group.detections.length; d++) {
        let best = START_IOU[threshold] ?? 1;
        let match = -1;
        for (let o = 0; o < truthCount; o++) {
          const g = order[o] ?? 0;
          if (taken[g] === 1 && truths.crowd[this.truthOrder[truthStart + g] ?? 0] !== 1) continue;
          // Once matched to a truth in range, the ignored ones (sorted last) cannot take the detection.
          if (match > -1 && ignored[match] === 0 && ignored[g] === 1) break;
          const value = iou[d * truthCount + g] ?? 0;
          if (value < best) continue;
          best = value;
          match = g;
        }
        const detectionArea = detections.boxArea[group.detections[d] ?? 0] ?? 0;
        const outOfRange = detectionArea < range.lower || detectionArea > range.upper;
        let result = outOfRange ? IGNORED : FALSE_POSITIVE;
        if (match !== -1) {
          taken[match] = 1;
          const truth = this.truthOrder[truthStart + match] ?? 0;
          // A match to annotation id 0 reads as none in pycocotools, so the unmatched rule applies.
          if (ignored[match] === 1) result = IGNORED;
          else if (truths.idZero[truth] !== 1) result = TRUE_POSITIVE;
          if (area === AREA_ALL && threshold === IOU_50) {
            this.matchedIou[position + d] = best;
          }
        }
        this.outcome[((position + d) * AREAS + area) * THRESHOLDS + threshold] = result;
      }
    }
  }
}

export function matchDetections(boxes: CocoBoxes): Matches {
  const { truths, detections, imageCount, categoryCount } = boxes;
  const matcher = new Matcher(boxes);
  const { truthOrder } = matcher;
  const detectionOrder = groupOrder(detections.image, detections.category, imageCount, categoryCount);
  const categoryStart = new Int32Array(categoryCount + 1);
  const truthKey = (at: number) => {
    const truth = truthOrder[at] ?? 0;
    return at < truths.count
      ? (truths.category[truth] ?? 0) * imageCount + (truths.image[truth] ?? 0)
      : Infinity;
  };
  const detectionKey = (at: number) => {
    const detection = detectionOrder[at] ?? 0;
    return at < detections.count
      ? (detections.category[detection] ?? 0) * imageCount + (detections.image[detection] ?? 0)
      : Infinity;
  };

  let truthAt = 0;
  let detectionAt = 0;
  let position = 0;
  let category = 0;
  while (truthAt < truths.count || detectionAt < detections.count) {
    const key = Math.min(truthKey(truthAt), detectionKey(detectionAt));
    const groupCategory = Math.floor(key / imageCount);
    while (category < groupCategory) categoryStart[++category] = position;
    const truthStart = truthAt;
    while (truthKey(truthAt) === key) truthAt++;
    const detectionStart = detectionAt;
    while (detectionKey(detectionAt) === key) detectionAt++;
    position += matcher.group(
      groupCategory,
      truthStart,
      truthAt - truthStart,
      detectionOrder.subarray(detectionStart, detectionAt),
      position,
    );
  }
  while (category < categoryCount) categoryStart[++category] = position;
  return {
    kept: matcher.kept.subarray(0, position),
    rank: matcher.rank.subarray(0, position),
    categoryStart,
    outcome: matcher.outcome.subarray(0, position * AREAS * THRESHOLDS),
    matchedIou: matcher.matchedIou.subarray(0, position),
    scoredTruths: matcher.scoredTruths,
  };
}
