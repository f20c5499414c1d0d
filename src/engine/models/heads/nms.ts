import { boxIou } from '../../../metrics/boxes';
import type { ScoredBox } from '../../../metrics/predictions';

/**
 * Greedy class-wise non-maximum suppression: boxes in descending score order, each kept unless it overlaps
 * a kept box of its class by more than `iouThreshold`; at most `maxDetections` are kept.
 */
export function classwiseNms(boxes: readonly ScoredBox[], iouThreshold: number, maxDetections: number) {
  const kept: ScoredBox[] = [];
  for (const box of [...boxes].sort((a, b) => b.score - a.score)) {
    if (kept.length >= maxDetections) break;
    const suppressed = kept.some(
      (other) => other.classIndex === box.classIndex && boxIou(box, other) > iouThreshold,
    );
    if (!suppressed) kept.push(box);
  }
  return kept;
}
