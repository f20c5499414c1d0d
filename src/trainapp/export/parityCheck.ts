import { PARITY_TOLERANCE } from '../../engine/export';
import type { ParityReport } from '../../engine/export';
import { RunError } from '../runError';
import { formatDifference } from './formatDifference';

// The ONNX export is refused, before anything is written, when ONNX Runtime and tfjs disagree on the
// parity batch by more than PARITY_TOLERANCE anywhere: a model that computes something else than the one
// trained must never reach export/.

/** The output that disagrees most: a NaN first, as it is never within tolerance. */
function worstOutput(report: ParityReport): string {
  const sorted = [...report.outputs].sort((a, b) =>
    Number.isNaN(a.maxAbsDiff) ? -1 : Number.isNaN(b.maxAbsDiff) ? 1 : b.maxAbsDiff - a.maxAbsDiff,
  );
  return sorted[0]?.name ?? 'unknown';
}

/** Throws a RunError when the report is not within tolerance (NaN never is). */
export function checkParity(report: ParityReport, checkpoint: string): void {
  if (report.maxAbsDiff <= PARITY_TOLERANCE) return;
  throw new RunError({
    message: `ONNX export of ${checkpoint} does not match tfjs: max |difference| ${formatDifference(report.maxAbsDiff)} > ${formatDifference(PARITY_TOLERANCE)} on output ${worstOutput(report)} (${String(report.images)} image(s)). Nothing was written.`,
    hint: 'This is a defect in Train Studio’s ONNX exporter, not in your model: please report it, with the model name and the checkpoint.',
  });
}
