import type { TaskType } from '../../core/names';
import type { Geometry } from '../model';

type GeometryType = Geometry['type'];

export const CONVERSION_OUTCOMES = { kept: 'kept', converted: 'converted', dropped: 'dropped' } as const;

/** What happened to one object. */
export type ObjectOutcome =
  | { readonly outcome: typeof CONVERSION_OUTCOMES.kept }
  | { readonly outcome: typeof CONVERSION_OUTCOMES.converted; readonly to: GeometryType }
  | { readonly outcome: typeof CONVERSION_OUTCOMES.dropped; readonly reason: string };

/** How many objects of one class and shape had one outcome. */
export type ConversionCount = {
  readonly classTitle: string;
  /** The shape before conversion. */
  readonly shape: GeometryType;
  readonly count: number;
} & ObjectOutcome;

export interface DroppedItem {
  readonly ref: string;
  readonly reason: string;
}

export interface ConversionReport {
  readonly taskType: TaskType;
  /** One row per class, shape and outcome, in the order first met. */
  readonly objects: readonly ConversionCount[];
  /** Whole items removed: only classification drops items (no label, or several). */
  readonly droppedItems: readonly DroppedItem[];
}

export class ConversionReportBuilder {
  private readonly counts = new Map<string, ConversionCount>();
  private readonly droppedItems: DroppedItem[] = [];

  constructor(private readonly taskType: TaskType) {}

  count(classTitle: string, shape: GeometryType, outcome: ObjectOutcome): void {
    const id = JSON.stringify([classTitle, shape, outcome]);
    this.counts.set(id, { classTitle, shape, ...outcome, count: (this.counts.get(id)?.count ?? 0) + 1 });
  }

  dropItem(ref: string, reason: string): void {
    this.droppedItems.push({ ref, reason });
  }

  build(): ConversionReport {
    return {
      taskType: this.taskType,
      objects: [...this.counts.values()],
      droppedItems: [...this.droppedItems],
    };
  }
}

function describeCount(row: ConversionCount): string {
  const objects = `${row.count} ${row.shape}${row.count === 1 ? '' : 's'}`;
  switch (row.outcome) {
    case CONVERSION_OUTCOMES.kept:
      return `${row.classTitle}: ${objects} kept`;
    case CONVERSION_OUTCOMES.converted:
      return `${row.classTitle}: ${objects} converted to ${row.to}`;
    case CONVERSION_OUTCOMES.dropped:
      return `${row.classTitle}: ${objects} dropped, ${row.reason}`;
  }
}

/** One line per row, for the run log. */
export function formatConversionReport(report: ConversionReport): string[] {
  return [
    `Shapes converted for ${report.taskType}:`,
    ...report.objects.map((row) => `  ${describeCount(row)}`),
    ...report.droppedItems.map((item) => `  ${item.ref}: dropped, ${item.reason}`),
  ];
}
