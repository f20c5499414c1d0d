import { formatMetric } from '../../src/core/panel/format';
import type { EvaluationView } from '../../src/core/panel/views';
import { h } from '../controls/dom';
import { dataTable } from '../controls/table';

// The Evaluation card's metric tables: overall metrics with the primary one first and emphasised, and one
// row per class with a bar for the primary metric (its value is in the cell's text, the bar only repeats it).

/** The metric names, the primary one first, then as the file lists them. */
function primaryFirst(names: readonly string[], primary: string): string[] {
  return names.includes(primary) ? [primary, ...names.filter((name) => name !== primary)] : [...names];
}

export function evaluationMetricsTable(evaluation: EvaluationView): HTMLTableElement {
  const { metrics, primaryMetric } = evaluation;
  const rows = primaryFirst(Object.keys(metrics.metrics), primaryMetric).map((name) => {
    const value = formatMetric(metrics.metrics[name] ?? NaN);
    const primary = name === primaryMetric;
    return h(
      'tr',
      primary ? { class: 'primary-metric' } : {},
      h('th', { scope: 'row' }, primary ? h('strong', {}, `${name} (primary)`) : name),
      h('td', { class: 'numeric' }, primary ? h('strong', {}, value) : value),
    );
  });
  return dataTable(
    { id: 'evaluation-metrics' },
    `Metrics of ${metrics.checkpoint} on ${String(metrics.images)} validation images`,
    ['Metric', 'Value'],
    rows,
  );
}

function bar(value: number): HTMLElement {
  const fill = h('span', { class: 'metric-bar-fill' });
  fill.style.width = `${String(Math.round(Math.min(Math.max(value, 0), 1) * 100))}%`;
  return h('span', { class: 'metric-bar', 'aria-hidden': 'true' }, fill);
}

export function perClassTable(evaluation: EvaluationView): HTMLTableElement {
  const { metrics, primaryMetric } = evaluation;
  const names = primaryFirst(
    [...new Set(metrics.perClass.flatMap((row) => Object.keys(row.metrics)))],
    primaryMetric,
  );
  const rows = metrics.perClass.map(({ className, metrics: values }) =>
    h(
      'tr',
      { 'data-class': className },
      h('th', { scope: 'row' }, className),
      ...names.map((name) => {
        const value = values[name];
        const cell = h('td', { class: 'numeric' }, value === undefined ? '—' : formatMetric(value));
        if (name === primaryMetric && value !== undefined) cell.prepend(bar(value));
        return cell;
      }),
    ),
  );
  return dataTable({ id: 'evaluation-per-class' }, 'Metrics per class', ['Class', ...names], rows);
}
