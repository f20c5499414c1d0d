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

interface Column {
  readonly key: string;
  /** Counts print as integers, the rest with 4 decimals. */
  readonly count?: boolean;
}

const PER_CLASS_COLUMNS: Readonly<Record<EngineTask, readonly Column[]>> = {
  classification: [{ key: 'precision' }, { key: 'recall' }, { key: 'f1' }, { key: 'support', count: true }],
  'object detection': [{ key: 'AP50' }, { key: 'AP' }, { key: 'groundTruth', count: true }],
  'semantic segmentation': [{ key: 'IoU' }],
};

/** A value that does not exist for a class (IoU of a label in neither truth nor prediction). */
const NO_VALUE = '-';

const decimals = (value: number) => value.toFixed(4);

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

function headlineRows(result: CheckpointEvaluation): string[][] {
  const { metrics } = result.evaluation;
  const primary = PRIMARY_METRIC[result.task];
  const names = [primary, ...HEADLINE_METRICS[result.task].filter((name) => name !== primary)];
  return names.flatMap((name) => {
    const value = metrics[name];
    return value === undefined ? [] : [[name, decimals(value)]];
  });
}

function perClassRows(result: CheckpointEvaluation): string[][] {
  const columns = PER_CLASS_COLUMNS[result.task];
  const { perClass } = result.evaluation;
  if (perClass.length === 0) return [];
  const cell = (value: number | undefined, column: Column) => {
    if (value === undefined) return NO_VALUE;
    return column.count === true ? String(value) : decimals(value);
  };
  return [
    ['class', ...columns.map((column) => column.key)],
    ...perClass.map(({ className, metrics }) => [
      className,
      ...columns.map((column) => cell(metrics[column.key], column)),
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
