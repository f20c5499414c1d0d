// Confidence calibration: how far a model's confidence is from how often it is right. Confidences are
// binned into equal-width bins over [0, 1] (values outside are clamped into the end bins); ECE is the
// count-weighted mean gap between a bin's accuracy and its mean confidence, MCE the largest gap.
import { ratio, type CalibrationBin } from './evaluation';

export const CALIBRATION_BINS = 10;

/** Bin i holds confidences in [i / bins, (i + 1) / bins), the last bin 1 too. Empty bins report 0s. */
export function calibrationBins(
  confidences: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins = CALIBRATION_BINS,
): CalibrationBin[] {
  const counts = new Float64Array(bins);
  const confidenceSums = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < confidences.length; i++) {
    const confidence = confidences[i] ?? 0;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(confidence * bins)));
    counts[bin] = (counts[bin] ?? 0) + 1;
    confidenceSums[bin] = (confidenceSums[bin] ?? 0) + confidence;
    if (correct[i] === true) hits[bin] = (hits[bin] ?? 0) + 1;
  }
  return Array.from({ length: bins }, (_, bin) => ({
    lower: bin / bins,
    upper: (bin + 1) / bins,
    count: counts[bin] ?? 0,
    meanConfidence: ratio(confidenceSums[bin] ?? 0, counts[bin] ?? 0),
    accuracy: ratio(hits[bin] ?? 0, counts[bin] ?? 0),
  }));
}

export interface CalibrationErrors {
  /** ECE: sum over bins of count / total * |accuracy - mean confidence|; 0 without predictions. */
  readonly expected: number;
  /** MCE: the largest |accuracy - mean confidence| of a non-empty bin; 0 without predictions. */
  readonly maximum: number;
}

export function calibrationErrors(bins: readonly CalibrationBin[]): CalibrationErrors {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  let expected = 0;
  let maximum = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    const gap = Math.abs(bin.accuracy - bin.meanConfidence);
    expected += (bin.count / total) * gap;
    maximum = Math.max(maximum, gap);
  }
  return { expected, maximum };
}
