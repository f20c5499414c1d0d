import path from 'node:path';
import type { RunStatus, TaskType } from '../../core/names';
import { readExperimentInfo } from './experimentInfo';
import { formatMetricValue, keyMetricOf } from './keyMetric';

// Experiments side by side: what `train-studio compare`, the editor's Compare Experiments and the API's
// compare() show. Metrics come from each experiment_info.json's evaluation_metrics.

export interface ComparedExperiment {
  /** Absolute. */
  readonly folder: string;
  readonly name: string;
  /** The dataset's name: its folder's. */
  readonly project: string;
  readonly model?: string;
  readonly task?: TaskType;
  readonly status: RunStatus;
  readonly epochs?: number;
  readonly bestCheckpoint: string | null;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ComparisonTable {
  readonly experiments: readonly ComparedExperiment[];
  /** Every metric any experiment has, the task's key metric first. */
  readonly metrics: readonly string[];
  /** For each metric, the folder of the experiment with its best value (lowest for losses and errors). */
  readonly best: Readonly<Record<string, string>>;
}

/** Losses and errors (`val_loss`, `expected_calibration_error`): the lowest value is the best. */
const LOWER_IS_BETTER = /loss|error/i;
/** Not a score but a setting the evaluation chose (`f1_optimal_conf`): no value of it is better. */
const NOT_RANKED = /_conf$|threshold/i;

const BEST_RULE =
  'the lowest value for losses and errors, the highest for other metrics; thresholds are not ranked';

/** The tasks' key metrics first, then the others in the order the evaluations wrote them. */
function metricOrder(experiments: readonly ComparedExperiment[]): string[] {
  const ordered = new Set<string>();
  for (const { task, metrics } of experiments) {
    const key = keyMetricOf({ task_type: task, evaluation_metrics: metrics });
    if (key !== undefined) ordered.add(key.name);
  }
  for (const { metrics } of experiments) for (const name of Object.keys(metrics)) ordered.add(name);
  return [...ordered];
}

/** The first experiment, in the order given, with the best value; ties go to the earlier one. */
function bestFolder(metric: string, experiments: readonly ComparedExperiment[]): string | undefined {
  const sign = LOWER_IS_BETTER.test(metric) ? -1 : 1;
  let best: ComparedExperiment | undefined;
  for (const experiment of experiments) {
    const value = experiment.metrics[metric];
    if (value === undefined) continue;
    const bestValue = best?.metrics[metric];
    if (bestValue === undefined || sign * value > sign * bestValue) best = experiment;
  }
  return best?.folder;
}

function comparedExperiment(folder: string): ComparedExperiment {
  const info = readExperimentInfo(folder);
  return {
    folder,
    name: info.experiment_name,
    // The dataset's folder relative to the experiment (or, for a run that failed early, its name).
    project: path.basename(info.project),
    model: info.model_name,
    task: info.task_type,
    status: info.status,
    epochs: info.epochs,
    bestCheckpoint: info.best_checkpoint,
    metrics: info.evaluation_metrics,
  };
}

/**
 * Reads each folder's experiment_info.json, in the order given. Throws the ExperimentFolderError of the
 * first folder that is missing or is not a valid experiment, naming its file and what is wrong. An
 * experiment without evaluation metrics (stopped early, failed, benchmark off) is still a column.
 */
export function compareExperiments(folders: readonly string[]): ComparisonTable {
  const experiments = folders.map((folder) => comparedExperiment(path.resolve(folder)));
  const metrics = metricOrder(experiments);
  const best: Record<string, string> = {};
  for (const metric of metrics) {
    if (NOT_RANKED.test(metric)) continue;
    const folder = bestFolder(metric, experiments);
    if (folder !== undefined) best[metric] = folder;
  }
  return { experiments, metrics, best };
}

const NO_VALUE = '-';

/** A cell's text never ends the cell early. */
const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

function experimentRows(experiments: readonly ComparedExperiment[]): string[][] {
  const row = (label: string, cell: (experiment: ComparedExperiment) => string | number | undefined) => [
    label,
    ...experiments.map((experiment) => {
      const value = cell(experiment);
      return value === undefined ? NO_VALUE : escapeCell(String(value));
    }),
  ];
  return [
    row('project', (experiment) => experiment.project),
    row('model', (experiment) => experiment.model),
    row('status', (experiment) => experiment.status),
    row('epochs', (experiment) => experiment.epochs),
    row('best checkpoint', (experiment) => experiment.bestCheckpoint ?? undefined),
    row('folder', (experiment) => path.basename(experiment.folder)),
  ];
}

function metricRows(table: ComparisonTable): string[][] {
  return table.metrics.map((metric) => {
    const bestFolderOfMetric = table.best[metric];
    const bestValue = table.experiments.find(({ folder }) => folder === bestFolderOfMetric)?.metrics[metric];
    return [
      metric,
      ...table.experiments.map(({ metrics }) => {
        const value = metrics[metric];
        if (value === undefined) return NO_VALUE;
        // Every experiment that ties with the best is bold.
        return value === bestValue ? `**${formatMetricValue(value)}**` : formatMetricValue(value);
      }),
    ];
  });
}

/**
 * A Markdown table with an experiment per column and a metric per row (a detection run has some twenty
 * metrics: as columns they would not fit a terminal), the best value of each metric in bold. The cells
 * are padded, so that it reads in a terminal as well as rendered.
 */
export function formatComparison(table: ComparisonTable): string {
  const header = ['experiment', ...table.experiments.map(({ name }) => escapeCell(name))];
  const body = [...experimentRows(table.experiments), ...metricRows(table)];
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...body].map((row) => row[column]?.length ?? 0)),
  );
  const pad = (cell: string, column: number) =>
    column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0);
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(' | ')} |`;
  // Experiment columns are right-aligned, so that the decimals line up.
  const rule = line(
    widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)),
  );
  const lines = [line(header), rule, ...body.map(line)];
  if (Object.keys(table.best).length > 0)
    lines.push('', `Bold: the best value of each metric (${BEST_RULE}).`);
  return lines.join('\n');
}
