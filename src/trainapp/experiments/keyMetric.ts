import type { ExperimentInfo } from '../../core/schemas';
import { primaryMetricOf } from '../../metrics/primaryMetric';

// The one number a run is known by, wherever it is shown: the tree, `train-studio list`, the evaluation
// notification, the comparison table and the train_finished event.

export interface Metric {
  readonly name: string;
  readonly value: number;
}

/** What the key metric is read from: a whole experiment_info, or a comparison's copy of it. */
export type MetricSource = Pick<ExperimentInfo, 'task_type' | 'evaluation_metrics'>;

/**
 * The task's primary metric (accuracy, mAP50, mIoU: the metric that picked the best checkpoint). A task
 * Train Studio does not evaluate itself has no primary metric, so its framework's first evaluation metric
 * stands in: a custom pose-estimation run is still known by a number. Undefined before an evaluation, or
 * when the evaluation lacks its task's primary metric.
 */
export function keyMetricOf(info: MetricSource): Metric | undefined {
  const name = primaryMetricOf(info.task_type) ?? Object.keys(info.evaluation_metrics)[0];
  const value = name === undefined ? undefined : info.evaluation_metrics[name];
  return name === undefined || value === undefined ? undefined : { name, value };
}

/** Counts (support, images) as integers; scores and losses with four decimals, so that columns line up. */
export function formatMetricValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** `accuracy 0.9120`. */
export const formatMetric = (metric: Metric): string => `${metric.name} ${formatMetricValue(metric.value)}`;
