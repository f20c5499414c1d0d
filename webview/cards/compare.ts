import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import uPlot from 'uplot';
import { bestIndex } from '../../src/core/panel/evaluationViews';
import { formatMetric } from '../../src/core/panel/format';
import { MAX_COMPARED } from '../../src/core/panel/messages';
import type { ComparedRun, ExperimentSummary } from '../../src/core/panel/views';
import { EMPTY_FRAME, LiveChart, type ChartFrame } from '../charts/liveChart';
import { h, icon } from '../controls/dom';
import { dataTable } from '../controls/table';
import type { CardContext } from './context';

// Compare: pick experiments, overlay one metric's curve per experiment by epoch, and put their final
// metrics side by side with the best of each row marked.

function experimentLabel(experiment: ExperimentSummary): string {
  const metric = experiment.keyMetric;
  const parts = [experiment.name, experiment.status];
  if (metric) parts.push(`${metric.name} ${formatMetric(metric.value)}`);
  return parts.join(' · ');
}

/** Metric names of the runs' curves: val_… first, each once. */
function curveNames(runs: readonly ComparedRun[]): string[] {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.curves)))];
  return names.sort((a, b) => Number(b.startsWith('val_')) - Number(a.startsWith('val_')));
}

function comparisonFrame(runs: readonly ComparedRun[], metric: string | undefined): ChartFrame {
  if (metric === undefined || runs.length === 0) return EMPTY_FRAME;
  return {
    names: runs.map((run) => run.experiment.name),
    // An epoch a run has no value for is null in its curve: a gap, not a line through it.
    data: uPlot.join(
      runs.map((run): uPlot.AlignedData => [run.epochs, run.curves[metric] ?? run.epochs.map(() => null)]),
    ),
  };
}

function metricsTable(runs: readonly ComparedRun[]): HTMLTableElement {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))];
  const rows = names.map((name) => {
    const values = runs.map((run) => run.metrics[name]);
    const best = runs.length > 1 ? bestIndex(name, values) : undefined;
    return h(
      'tr',
      { 'data-metric': name },
      h('th', { scope: 'row' }, name),
      ...values.map((value, index) =>
        index === best && value !== undefined
          ? h('td', { class: 'numeric best' }, icon('star-full'), ` ${formatMetric(value)} (best)`)
          : h('td', { class: 'numeric' }, value === undefined ? '—' : formatMetric(value)),
      ),
    );
  });
  return dataTable(
    { id: 'compare-table' },
    'Final metrics of the compared experiments',
    ['Metric', ...runs.map((run) => run.experiment.name)],
    rows,
  );
}

export function createCompareCard(context: CardContext): void {
  const { frame, store, post } = context;
  const list = h('div', {
    id: 'compare-experiments',
    role: 'group',
    'aria-label': 'Experiments to compare',
  });
  const limit = h('p', { id: 'compare-limit', class: 'field-message', role: 'status' });
  const metricSelect = h('vscode-single-select', {
    id: 'compare-metric',
    'aria-label': 'Metric to compare',
  });
  const tableHost = h('div', { class: 'compare-table' });
  let runs: readonly ComparedRun[] = [];
  let metric: string | undefined;
  let selected: string[] = [];
  const chart = new LiveChart(
    {
      id: 'compare-chart',
      label: 'The chosen metric of each compared experiment by epoch',
      xLabel: 'epoch',
      emptyText: 'Pick experiments above to overlay their curves.',
    },
    () => comparisonFrame(runs, metric),
  );

  list.addEventListener('change', (event) => {
    const box = event.target as HTMLElement & { checked: boolean };
    const dir = box.dataset.experimentDir;
    if (dir === undefined) return;
    if (box.checked && !selected.includes(dir) && selected.length >= MAX_COMPARED) {
      box.checked = false;
      limit.textContent = `Compare at most ${String(MAX_COMPARED)} experiments at once: clear one first.`;
      return;
    }
    limit.textContent = '';
    selected = box.checked ? [...new Set([...selected, dir])] : selected.filter((each) => each !== dir);
    post({ type: 'compare', dirs: selected });
  });
  metricSelect.addEventListener('change', () => {
    metric = metricSelect.value;
    chart.invalidate();
  });

  store.follow('experiments', ({ experiments }) => {
    list.replaceChildren(
      ...experiments.map((experiment) =>
        h(
          'vscode-checkbox',
          { 'data-experiment-dir': experiment.dir, checked: selected.includes(experiment.dir) },
          experimentLabel(experiment),
        ),
      ),
    );
    if (experiments.length === 0)
      list.append(h('p', { class: 'live-empty' }, 'No experiments in this workspace yet.'));
  });
  store.follow('comparison', (message) => {
    runs = message.runs;
    selected = runs.map((run) => run.experiment.dir);
    for (const box of list.querySelectorAll('vscode-checkbox'))
      box.checked = selected.includes(box.dataset.experimentDir ?? '');
    const names = curveNames(runs);
    if (metric === undefined || !names.includes(metric)) metric = names[0];
    metricSelect.replaceChildren(...names.map((name) => h('vscode-option', { value: name }, name)));
    if (metric !== undefined) metricSelect.value = metric;
    tableHost.replaceChildren(...(runs.length > 0 ? [metricsTable(runs)] : []));
    chart.invalidate();
  });

  frame.body.classList.add('live-card');
  frame.body.append(
    list,
    limit,
    h(
      'div',
      { id: 'compare-charts', class: 'chart-card' },
      h('span', { class: 'inline-label', 'aria-hidden': 'true' }, 'Metric'),
      metricSelect,
      chart.root,
    ),
    tableHost,
  );
}
