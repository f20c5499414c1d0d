import type { EngineTask } from '../../engine/contracts';
import { PRIMARY_METRIC } from '../../metrics';
import type { CheckpointEvaluation } from './evaluateCheckpoint';

// What `train-studio evaluate` and the end of a run print: the headline metrics, then a per-class table.

const CALIBRATION_METRICS = ['expected_calibration_error', 'maximum_calibration_error'];

/** After the primary metric, in this order; names a task's metrics lack are skipped. */
const HEADLINE_METRICS: Readonly<Record<EngineTask, readonly string[]>> = {
  classification: ['accuracy', 'precision', 'recall', 'f1', ...CALIBRATION_METRICS],
  'object detection': [
    'mAP',
    'AP50',
    'AP75',
    'precision',
    'recall',
    'f1',
    'f1_optimal_conf',
    'iou',
    'classification_accuracy',
    'calibration_score',
    ...CALIBRATION_METRICS,
  ],
  'semantic segmentation': ['pixel_accuracy'],
};

export interface Column {
  readonly key: string;
  /** Counts print as integers, the rest with 4 decimals. */
  readonly count?: boolean;
}

/** The per-class table's columns, per task. */
export const PER_CLASS_COLUMNS: Readonly<Record<EngineTask, readonly Column[]>> = {
  classification: [{ key: 'precision' }, { key: 'recall' }, { key: 'f1' }, { key: 'support', count: true }],
  'object detection': [{ key: 'AP50' }, { key: 'AP' }, { key: 'groundTruth', count: true }],
  'semantic segmentation': [{ key: 'IoU' }],
};

/** A value that does not exist for a class (IoU of a label in neither truth nor prediction). */
const NO_VALUE = '-';

/** Metric values as the terminal and the report print them. */
export const decimals = (value: number): string => value.toFixed(4);

function alignedTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** The task's primary metric, then its other headline metrics, in order: those `metrics` has. */
export function headlineMetrics(
  task: EngineTask,
  metrics: Readonly<Record<string, number>>,
): [name: string, value: number][] {
  const primary = PRIMARY_METRIC[task];
  const names = [primary, ...HEADLINE_METRICS[task].filter((name) => name !== primary)];
  return names.flatMap((name) => {
    const value = metrics[name];
    return value === undefined ? [] : [[name, value]];
  });
}

function headlineRows(result: CheckpointEvaluation): string[][] {
  return headlineMetrics(result.task, result.evaluation.metrics).map(([name, value]) => [
    name,
    decimals(value),
  ]);
}

/** A per-class table cell: a count, a value with 4 decimals, or NO_VALUE. */
export function perClassCell(value: number | undefined, column: Column): string {
  if (value === undefined) return NO_VALUE;
  return column.count === true ? String(value) : decimals(value);
}

function perClassRows(result: CheckpointEvaluation): string[][] {
  const columns = PER_CLASS_COLUMNS[result.task];
  const { perClass } = result.evaluation;
  if (perClass.length === 0) return [];
  return [
    ['class', ...columns.map((column) => column.key)],
    ...perClass.map(({ className, metrics }) => [
      className,
      ...columns.map((column) => perClassCell(metrics[column.key], column)),
    ]),
  ];
}

/**
 * The lines to print for an evaluation: the task's primary metric first, then its other headline metrics,
 * aligned; a per-class table; and where the numbers came from.
 */
export function summarizeEvaluation(result: CheckpointEvaluation): string[] {
  const perClass = perClassRows(result);
  const images = `${result.images} image${result.images === 1 ? '' : 's'}`;
  return [
    ...alignedTable(headlineRows(result)),
    ...(perClass.length === 0 ? [] : ['', ...alignedTable(perClass)]),
    '',
    `Evaluated ${result.checkpoint} on ${images} in ${result.seconds.toFixed(2)} s (${result.backend}).`,
  ];
}
