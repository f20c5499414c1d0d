// pycocotools' COCOeval.accumulate and summarize: per category, area range and detection limit, the
// detections of every image are ranked by score (image order, then rank, breaking ties), precision is made
// monotone and sampled at 101 recall points, and the 12 summary statistics average what has ground truth.
import { FALSE_POSITIVE, TRUE_POSITIVE, type Matches } from './match';
import {
  AREA_ALL,
  AREA_RANGES,
  FLOAT_SPACING,
  IOU_50,
  IOU_75,
  IOU_THRESHOLDS,
  MAX_DETECTIONS,
  LIMIT_100,
  RECALL_THRESHOLDS,
} from './params';

const THRESHOLDS = IOU_THRESHOLDS.length;
const AREAS = AREA_RANGES.length;
const LIMITS = MAX_DETECTIONS.length;

export interface Accumulated {
  readonly categoryCount: number;
  /**
   * Interpolated AP (the mean of the 101 sampled precisions) at [area][limit][category][threshold], and
   * the final recall at the same index; -1 where the category has no scored truth in that area range.
   */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Per category, its positions (see Matches) best first: the order the precision-recall curve follows. */
  readonly byScore: Int32Array;
}

const accumulatedIndex = (
  categoryCount: number,
  area: number,
  limit: number,
  category: number,
  threshold: number,
): number => ((area * LIMITS + limit) * categoryCount + category) * THRESHOLDS + threshold;

/**
 * The precision-recall curves of one category, area range and detection limit, at every IoU threshold.
 * Recall rises only at true positives, and precision only falls between them, so the curve's points at
 * true positives decide the interpolated precision: only those are kept.
 */
class Curves {
  /** [threshold][k]: precision when the (k + 1)th true positive is reached; recall there is (k + 1) / truths. */
  private precision = new Float64Array(0);
  private scoredTruths = 1;
  private readonly truePositives = new Int32Array(THRESHOLDS);
  private readonly falsePositives = new Int32Array(THRESHOLDS);

  /**
   * Walks `positions`, best first, once for all thresholds (a position's outcomes are adjacent). Ignored
   * detections count as neither, as in pycocotools.
   */
  trace(matches: Matches, area: number, positions: Int32Array, scoredTruths: number): void {
    if (this.precision.length < scoredTruths * THRESHOLDS) {
      this.precision = new Float64Array(scoredTruths * THRESHOLDS);
    }
    this.scoredTruths = scoredTruths;
    const { precision, truePositives, falsePositives } = this;
    truePositives.fill(0);
    falsePositives.fill(0);
    for (const position of positions) {
      const first = (position * AREAS + area) * THRESHOLDS;
      for (let threshold = 0; threshold < THRESHOLDS; threshold++) {
        const outcome = matches.outcome[first + threshold];
        if (outcome === TRUE_POSITIVE) {
          const found = (truePositives[threshold] ?? 0) + 1;
          truePositives[threshold] = found;
          const wrong = falsePositives[threshold] ?? 0;
          precision[threshold * scoredTruths + found - 1] = found / (wrong + found + FLOAT_SPACING);
        } else if (outcome === FALSE_POSITIVE) {
          falsePositives[threshold] = (falsePositives[threshold] ?? 0) + 1;
        }
      }
    }
  }

  finalRecall(threshold: number): number {
    return (this.truePositives[threshold] ?? 0) / this.scoredTruths;
  }

  /**
   * Mean precision at the recall thresholds after making precision monotone (each point takes the best
   * precision at or beyond its recall): np.searchsorted 'left' picks the first point reaching each recall
   * threshold, and thresholds beyond the final recall read 0.
   */
  interpolatedAp(threshold: number): number {
    const { precision, scoredTruths } = this;
    const first = threshold * scoredTruths;
    const points = this.truePositives[threshold] ?? 0;
    for (let k = first + points - 1; k > first; k--) {
      if ((precision[k] ?? 0) > (precision[k - 1] ?? 0)) precision[k - 1] = precision[k] ?? 0;
    }
    let sum = 0;
    let k = 0;
    for (const recallThreshold of RECALL_THRESHOLDS) {
      while (k < points && (k + 1) / scoredTruths < recallThreshold) k++;
      if (k === points) break;
      sum += precision[first + k] ?? 0;
    }
    return sum / RECALL_THRESHOLDS.length;
  }
}

/** A category's positions best first; ties keep position order, which is image order then rank. */
function rankByScore(scores: Float64Array, start: number, end: number): Int32Array {
  const positions = Int32Array.from({ length: end - start }, (_, i) => start + i);
  return positions.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

export function accumulate(
  matches: Matches,
  detectionScores: Float64Array,
  categoryCount: number,
): Accumulated {
  const size = AREAS * LIMITS * categoryCount * THRESHOLDS;
  const precision = new Float64Array(size).fill(-1);
  const recall = new Float64Array(size).fill(-1);
  const positionScores = Float64Array.from(matches.kept, (detection) => detectionScores[detection] ?? 0);
  const byScore = new Int32Array(matches.kept.length);
  const curves = new Curves();
  for (let category = 0; category < categoryCount; category++) {
    const start = matches.categoryStart[category] ?? 0;
    const ranked = rankByScore(positionScores, start, matches.categoryStart[category + 1] ?? 0);
    byScore.set(ranked, start);
    const limited = MAX_DETECTIONS.map((limit) =>
      ranked.filter((position) => (matches.rank[position] ?? 0) < limit),
    );
    for (let area = 0; area < AREAS; area++) {
      const scoredTruths = matches.scoredTruths[area * categoryCount + category] ?? 0;
      if (scoredTruths === 0) continue;
      limited.forEach((positions, limit) => {
        curves.trace(matches, area, positions, scoredTruths);
        for (let threshold = 0; threshold < THRESHOLDS; threshold++) {
          const index = accumulatedIndex(categoryCount, area, limit, category, threshold);
          recall[index] = curves.finalRecall(threshold);
          precision[index] = curves.interpolatedAp(threshold);
        }
      });
    }
  }
  return { categoryCount, precision, recall, byScore };
}

/** The 12 statistics of COCOeval.summarize, in its order. */
export const COCO_STAT_NAMES = [
  'AP',
  'AP50',
  'AP75',
  'AP_small',
  'AP_medium',
  'AP_large',
  'AR1',
  'AR10',
  'AR100',
  'AR_small',
  'AR_medium',
  'AR_large',
] as const;

interface StatQuery {
  readonly values: 'precision' | 'recall';
  readonly area: number;
  readonly limit: number;
  /** One IoU threshold, or the mean over all of them. */
  readonly threshold?: number;
}

const area = (name: string) => AREA_RANGES.findIndex((range) => range.name === name);
const STAT_QUERIES: readonly StatQuery[] = [
  { values: 'precision', area: AREA_ALL, limit: LIMIT_100 },
  { values: 'precision', area: AREA_ALL, limit: LIMIT_100, threshold: IOU_50 },
  { values: 'precision', area: AREA_ALL, limit: LIMIT_100, threshold: IOU_75 },
  { values: 'precision', area: area('small'), limit: LIMIT_100 },
  { values: 'precision', area: area('medium'), limit: LIMIT_100 },
  { values: 'precision', area: area('large'), limit: LIMIT_100 },
  { values: 'recall', area: AREA_ALL, limit: 0 },
  { values: 'recall', area: AREA_ALL, limit: 1 },
  { values: 'recall', area: AREA_ALL, limit: LIMIT_100 },
  { values: 'recall', area: area('small'), limit: LIMIT_100 },
  { values: 'recall', area: area('medium'), limit: LIMIT_100 },
  { values: 'recall', area: area('large'), limit: LIMIT_100 },
];

/**
 * One category's value for a query: the value at one threshold or the mean over thresholds; undefined when
 * the category has no scored truth there.
 */
function categoryValue(accumulated: Accumulated, query: StatQuery, category: number): number | undefined {
  const values = accumulated[query.values];
  const at = (threshold: number) =>
    values[accumulatedIndex(accumulated.categoryCount, query.area, query.limit, category, threshold)] ?? -1;
  if (at(0) === -1) return undefined;
  if (query.threshold !== undefined) return at(query.threshold);
  let sum = 0;
  for (let threshold = 0; threshold < THRESHOLDS; threshold++) sum += at(threshold);
  return sum / THRESHOLDS;
}

/** COCOeval.stats: each the mean over categories with scored truth, or -1 when there are none. */
export function summaryStats(accumulated: Accumulated): number[] {
  return STAT_QUERIES.map((query) => {
    let sum = 0;
    let counted = 0;
    for (let category = 0; category < accumulated.categoryCount; category++) {
      const value = categoryValue(accumulated, query, category);
      if (value === undefined) continue;
      sum += value;
      counted++;
    }
    return counted === 0 ? -1 : sum / counted;
  });
}

export interface CategoryAps {
  /** AP@[.5:.95]. */
  readonly AP: number;
  readonly AP50: number;
  readonly AP75: number;
}

/** One category's AP at area 'all' and 100 detections; undefined when it has no scored truth there. */
export function categoryAps(accumulated: Accumulated, category: number): CategoryAps | undefined {
  const query: StatQuery = { values: 'precision', area: AREA_ALL, limit: LIMIT_100 };
  const ap = categoryValue(accumulated, query, category);
  if (ap === undefined) return undefined;
  // Every threshold has a value once one has: AP50 and AP75 are defined too.
  const at = (threshold: number) => categoryValue(accumulated, { ...query, threshold }, category) ?? 0;
  return { AP: ap, AP50: at(IOU_50), AP75: at(IOU_75) };
}
