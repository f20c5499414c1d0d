import type { ExperimentInfo } from '../../../core/schemas';
import { formatMetric, keyMetricOf } from '../../../trainapp/experiments';

// The few numbers a notification has room for after an evaluation: the run's key metric, then the
// others in the order the evaluation wrote them.

const SHOWN = 4;

/** `accuracy 0.9120, precision 0.8800, …`; empty when the experiment has no evaluation metrics. */
export function keyMetricsText(info: ExperimentInfo): string {
  const entries = Object.entries(info.evaluation_metrics).map(([name, value]) => ({ name, value }));
  const key = keyMetricOf(info)?.name;
  const ordered = [
    ...entries.filter(({ name }) => name === key),
    ...entries.filter(({ name }) => name !== key),
  ];
  return ordered.slice(0, SHOWN).map(formatMetric).join(', ');
}
