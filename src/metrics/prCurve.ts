// Precision-recall curves as reports store them: one point per distinct score, thinned to a bounded
// number of points so that a class with 100k detections still writes a small file.
import type { PrCurve } from './evaluation';

export const MAX_CURVE_POINTS = 201;

/**
 * At most `maxPoints` points, evenly spaced by index over the curve, always keeping the first and the last
 * (the highest-precision start and the final recall).
 */
export function downsampleCurve(curve: PrCurve, maxPoints = MAX_CURVE_POINTS): PrCurve {
  const length = curve.score.length;
  if (length <= maxPoints) return curve;
  const picked = Array.from({ length: maxPoints }, (_, i) =>
    Math.round((i * (length - 1)) / (maxPoints - 1)),
  );
  const pick = (values: readonly number[]) => picked.map((index) => values[index] ?? 0);
  return {
    className: curve.className,
    recall: pick(curve.recall),
    precision: pick(curve.precision),
    score: pick(curve.score),
  };
}
