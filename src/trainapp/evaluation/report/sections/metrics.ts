import type { EngineTask } from '../../../../engine/contracts';
import { PRIMARY_METRIC } from '../../../../metrics';
import { decimals, headlineMetrics, PER_CLASS_COLUMNS, perClassCell } from '../../summary';
import { escapeHtml, note, table } from '../html';
import type { ReportData } from '../reportData';
import type { ReportSection } from './section';

// The numbers: the headline metrics in the terminal's order (the task's primary metric first), then a
// per-class table with the same columns as the terminal's and a bar chart of one per-class metric.

/** The per-class value the bar chart shows: detection's AP, or what stands for it in the other tasks. */
const BAR_METRIC: Readonly<Record<EngineTask, string>> = {
  classification: 'f1',
  'object detection': 'AP50',
  'semantic segmentation': 'IoU',
};

/** Longer class names are cut in the chart; its <title> and the table have them whole. */
const CHART_NAME_LENGTH = 24;

export const headlineSection: ReportSection = {
  id: 'metrics',
  title: 'Metrics',
  body: (data) => {
    const { task, metrics } = data.metrics;
    const primary = PRIMARY_METRIC[task];
    const rows = headlineMetrics(task, metrics).map(([name, value]) => [
      name === primary ? `${escapeHtml(name)} <span class="badge">primary</span>` : escapeHtml(name),
      decimals(value),
    ]);
    return table('Headline metrics of the evaluation', ['metric', 'value'], rows, 'numbers');
  },
};

const shortName = (name: string) =>
  name.length > CHART_NAME_LENGTH ? `${name.slice(0, CHART_NAME_LENGTH - 1)}…` : name;

function barChart(task: EngineTask, perClass: ReportData['metrics']['perClass']): string {
  const key = BAR_METRIC[task];
  const rowHeight = 20;
  const labelWidth = 190;
  const barWidth = 340;
  const width = labelWidth + barWidth + 64;
  const height = perClass.length * rowHeight + 8;
  const bars = perClass
    .map(({ className, metrics }, index) => {
      const value = metrics[key];
      const y = 4 + index * rowHeight;
      const text = value === undefined ? 'no value' : decimals(value);
      const bar =
        value === undefined
          ? ''
          : `<rect class="bar" x="${String(labelWidth)}" y="${String(y + 3)}" width="${(Math.min(1, Math.max(0, value)) * barWidth).toFixed(1)}" height="${String(rowHeight - 6)}"/>`;
      return (
        `<g><title>${escapeHtml(`${className}: ${key} ${text}`)}</title>` +
        `<text class="bar-label" x="${String(labelWidth - 8)}" y="${String(y + 14)}" text-anchor="end">${escapeHtml(shortName(className))}</text>` +
        bar +
        `<text class="bar-value" x="${String(labelWidth + barWidth + 6)}" y="${String(y + 14)}">${text}</text></g>`
      );
    })
    .join('');
  return (
    `<figure class="scroll tall"><svg class="chart bars" viewBox="0 0 ${String(width)} ${String(height)}" width="${String(width)}" height="${String(height)}" role="img" aria-labelledby="bars-t">` +
    `<title id="bars-t">${escapeHtml(`Per-class ${key}, from 0 to 1`)}</title>${bars}</svg>` +
    `<figcaption>Per-class ${escapeHtml(key)}</figcaption></figure>`
  );
}

export const perClassSection: ReportSection = {
  id: 'classes',
  title: 'Per class',
  body: (data) => {
    const { task, perClass } = data.metrics;
    if (perClass.length === 0) return note('The evaluation recorded no per-class values.');
    const columns = PER_CLASS_COLUMNS[task];
    const rows = perClass.map(({ className, metrics }) => [
      escapeHtml(className),
      ...columns.map((column) => perClassCell(metrics[column.key], column)),
    ]);
    const header = ['class', ...columns.map((column) => escapeHtml(column.key))];
    return table('Per-class metrics', header, rows, 'numbers') + barChart(task, perClass);
  },
};
