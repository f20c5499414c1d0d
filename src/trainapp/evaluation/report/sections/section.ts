import type { ReportData } from '../reportData';

/** One section of the report: its anchor, its heading, and its body for the data. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /**
   * HTML; undefined when the section does not apply to the task (no PR curves for classification). A
   * section that applies but lacks its file says so in a short note instead.
   */
  readonly body: (data: ReportData) => string | undefined;
}
