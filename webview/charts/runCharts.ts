import uPlot from 'uplot';
import { formatMetric } from '../../src/core/panel/format';
import { STEP_SERIES } from '../../src/core/panel/metricPoints';
import { RunMetrics } from '../../src/core/panel/runMetrics';
import type { SeriesBuffer } from '../../src/core/panel/seriesBuffer';
import { h } from '../controls/dom';
import type { PanelStore } from '../store';
import { EMPTY_FRAME, LiveChart, type ChartFrame, type ChartOptions } from './liveChart';

// The Run card's live charts: loss and learning rate by step, and the epoch metrics (every val_… series on
// the left axis, train_loss on the right) by epoch. Steps and epochs are different x scales, so they never
// share a chart.

function stepFrame(buffer: SeriesBuffer | undefined, name: string): ChartFrame {
  const value = buffer?.lastValue;
  if (buffer === undefined || value === undefined) return EMPTY_FRAME;
  return {
    names: [name],
    data: [buffer.x, buffer.y],
    summary: `Latest ${name}: ${formatMetric(value)} at step ${String(buffer.lastX)}.`,
  };
}

/** Losses (0 to a few) would flatten metrics like mAP (0 to 1) on a shared scale: they get their own. */
const isLoss = (name: string): boolean => name.includes('loss');

/** Metrics, val_… first (what the run is judged by), then losses; otherwise in the order they appeared. */
const epochOrder = (a: string, b: string): number =>
  Number(isLoss(a)) - Number(isLoss(b)) || Number(b.startsWith('val_')) - Number(a.startsWith('val_'));

function epochFrame(series: ReadonlyMap<string, SeriesBuffer>): ChartFrame {
  const names = [...series.keys()].sort(epochOrder);
  if (names.length === 0) return EMPTY_FRAME;
  const losses = names.filter(isLoss);
  // With only losses or only metrics, one scale fits them all; a second axis would be empty.
  const rightAxis =
    losses.length > 0 && losses.length < names.length ? { label: 'loss', names: losses } : undefined;
  const buffers = names.map((name) => series.get(name)).filter((each) => each !== undefined);
  const latest = buffers.map(
    (buffer, index) => `${names[index] ?? ''} ${formatMetric(buffer.lastValue ?? NaN)}`,
  );
  const lastEpoch = Math.max(...buffers.map((buffer) => buffer.lastX ?? 0));
  return {
    names,
    // Series that missed an epoch are aligned with undefined, which the line spans.
    data: uPlot.join(buffers.map((buffer): uPlot.AlignedData => [buffer.x, buffer.y])),
    summary: `Epoch ${String(lastEpoch)}: ${latest.join(', ')}.`,
    ...(rightAxis && { rightAxis }),
  };
}

export function createRunCharts(store: PanelStore): HTMLElement {
  const metrics = new RunMetrics();
  /** A chart of one step series (loss or lr): both share the x scale and the frame. */
  const stepChart = (series: string, options: Pick<ChartOptions, 'id' | 'label' | 'emptyText'>) =>
    new LiveChart({ ...options, xLabel: 'step' }, () =>
      stepFrame(metrics.series('step').get(series), series),
    );
  const loss = stepChart(STEP_SERIES.loss, {
    id: 'chart-loss',
    label: 'Training loss by step',
    emptyText: 'Loss appears here as the run trains.',
  });
  const lr = stepChart(STEP_SERIES.lr, {
    id: 'chart-lr',
    label: 'Learning rate by step',
    emptyText: 'The learning rate appears here as the run trains.',
  });
  const val = new LiveChart(
    {
      id: 'chart-val',
      label: 'Validation metrics by epoch, with the train loss on the right axis',
      xLabel: 'epoch',
      emptyText: 'Validation metrics appear here after the first epoch.',
      spanGaps: true,
    },
    () => epochFrame(metrics.series('epoch')),
  );
  const charts = [loss, lr, val];
  store.on('metrics', (delta) => {
    if (!metrics.apply(delta)) return;
    for (const chart of charts) chart.invalidate();
  });
  const titled = (title: string, chart: LiveChart): HTMLElement =>
    h('div', { class: 'chart-card' }, h('h3', {}, title), chart.root);
  return h(
    'div',
    { class: 'run-charts' },
    titled('Loss', loss),
    titled('Learning rate', lr),
    titled('Validation', val),
  );
}
