// evaluation/report.html: one self-contained page (no network, no scripts from elsewhere) made from the
// files in evaluation/: metrics, PR curves, confusion matrix, per-class AP, calibration, the speed test and
// the gallery of worst predictions.
import type { ExperimentSession } from '../../run/experimentSession';

/**
 * Writes evaluation/report.html from what evaluation/ holds now and records it as experiment_info's
 * evaluation_report. Returns the file, relative to the experiment folder, or undefined when evaluation/ has
 * no metrics.json to report on.
 */
export function writeEvaluationReport(session: ExperimentSession): string | undefined {
  void session;
  throw new Error('placeholder: writeEvaluationReport is not written yet');
}
