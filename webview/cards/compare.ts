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
import { keyedChildren, setText } from '../live/keyedChildren';
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
  const noExperiments = h(
    'p',
    { class: 'live-empty', hidden: true },
    'No experiments in this workspace yet.',
  );
  const limit = h('p', { id: 'compare-limit', class: 'field-message', role: 'status' });
  const metricSelect = h('vscode-single-select', {
    id: 'compare-metric',
    'aria-label': 'Metric to compare',
  });
  const tableHost = h('div', { class: 'compare-table' });
  /** The user's picks, in the order picked. Only a click changes them: replies may be late or partial. */
  let selected: string[] = [];
  /** Each picked experiment's data, from whichever reply brought it last. */
  const received = new Map<string, ComparedRun>();
  /** Each listed experiment's summary as last received, to tell a picked run that changed. */
  let summaries = new Map<string, string>();
  let runs: readonly ComparedRun[] = [];
  let metric: string | undefined;
  let metricNames = '';
  const chart = new LiveChart(
    {
      id: 'compare-chart',
      label: 'The chosen metric of each compared experiment by epoch',
      xLabel: 'epoch',
      emptyText: 'Pick experiments above to overlay their curves.',
    },
    () => comparisonFrame(runs, metric),
  );

  const render = (): void => {
    runs = selected.flatMap((dir) => received.get(dir) ?? []);
    const names = curveNames(runs);
    if (metric === undefined || !names.includes(metric)) metric = names[0];
    // Rebuilt only when the metrics change, so an open or focused select is left alone.
    if (JSON.stringify(names) !== metricNames) {
      metricNames = JSON.stringify(names);
      metricSelect.replaceChildren(...names.map((name) => h('vscode-option', { value: name }, name)));
    }
    if (metric !== undefined && metricSelect.value !== metric) metricSelect.value = metric;
    tableHost.replaceChildren(...(runs.length > 0 ? [metricsTable(runs)] : []));
    chart.invalidate();
  };
  const renderList = keyedChildren<ExperimentSummary>(list, {
    key: (experiment) => experiment.dir,
    create: (experiment) =>
      h(
        'vscode-checkbox',
        { 'data-experiment-dir': experiment.dir, checked: selected.includes(experiment.dir) },
        experimentLabel(experiment),
      ),
    update: (box, experiment) => {
      setText(box, experimentLabel(experiment));
    },
  });

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
    if (box.checked) selected = [...new Set([...selected, dir])];
    else {
      selected = selected.filter((each) => each !== dir);
      received.delete(dir);
    }
    post({ type: 'compare', dirs: selected });
    render();
  });
  metricSelect.addEventListener('change', () => {
    metric = metricSelect.value;
    chart.invalidate();
  });

  store.follow('experiments', ({ experiments }) => {
    renderList(experiments);
    noExperiments.hidden = experiments.length > 0;
    const previous = summaries;
    summaries = new Map(experiments.map((experiment) => [experiment.dir, JSON.stringify(experiment)]));
    // A deleted experiment leaves the picks: it has no checkbox to clear, and would hold a place in the limit.
    const kept = selected.filter((dir) => summaries.has(dir));
    // A picked run that moved on (status, key metric, …) has new curves and metrics: ask for them again.
    if (kept.some((dir) => summaries.get(dir) !== previous.get(dir))) post({ type: 'compare', dirs: kept });
    if (kept.length === selected.length) return;
    for (const dir of selected) if (!summaries.has(dir)) received.delete(dir);
    selected = kept;
    limit.textContent = '';
    render();
  });
  store.follow('comparison', (message) => {
    for (const run of message.runs)
      if (selected.includes(run.experiment.dir)) received.set(run.experiment.dir, run);
    render();
  });

  frame.body.classList.add('live-card');
  frame.body.append(
    list,
    noExperiments,
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
