// evaluation/report.html: one self-contained page (no network, no scripts from elsewhere) made from the
// files in evaluation/: metrics, PR curves, confusion matrix, per-class AP, calibration, the speed test and
// the gallery of worst predictions.
import path from 'node:path';
import { writeFileAtomic } from '../../../data/atomicWrite';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS } from '../../experiments/layout';
import type { ExperimentSession } from '../../run/experimentSession';
import { renderReport } from './render';
import { readReportData } from './reportData';

export { renderReport, REPORT_CSP } from './render';
export type { GalleryEntry, ReportData } from './reportData';

/**
 * Writes evaluation/report.html from what evaluation/ holds now and records it as experiment_info's
 * evaluation_report. Returns the file, relative to the experiment folder, or undefined when evaluation/ has
 * no metrics.json to report on.
 */
export function writeEvaluationReport(session: ExperimentSession): string | undefined {
  const { experimentDir } = session;
  const data = readReportData(experimentDir, session.read(), (line) => {
    session.info(line, 'warning');
  });
  if (data === undefined) return undefined;
  const report = `${EXPERIMENT_FOLDERS.evaluation}/${EVALUATION_FILES.report}`;
  writeFileAtomic(path.join(experimentDir, report), renderReport(data));
  session.update((info) => ({ ...info, evaluation_report: report }));
  return report;
}
