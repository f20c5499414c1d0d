import type { ReportData } from '../reportData';

/** One section of the report: its anchor, its heading, and its body for the data. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /**
   * HTML. A section that does not apply to the task (no PR curves for classification), or lacks its file,
   * still appears, with a short note saying why, so that a reader never wonders where a part went.
   */
  readonly body: (data: ReportData) => string;
}
