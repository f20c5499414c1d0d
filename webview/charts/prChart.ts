import uPlot from 'uplot';
import { precisionEnvelope } from '../../src/core/panel/evaluationViews';
import type { PanelStore } from '../store';
import { EMPTY_FRAME, LiveChart, type ChartFrame } from './liveChart';
import { h } from '../controls/dom';

// The Evaluation card's precision–recall curves, one per class, recall on x (detection only: other tasks
// have no pr_curves.json).

export function createEvaluationPrChart(store: PanelStore): HTMLElement {
  let frame: ChartFrame = EMPTY_FRAME;
  const chart = new LiveChart(
    {
      id: 'evaluation-pr-chart',
      label: 'Precision against recall, per class',
      xLabel: 'recall',
      emptyText: 'No precision–recall curves: they are written for detection models.',
      unitRange: true,
      spanGaps: true,
    },
    () => frame,
  );
  store.follow('evaluation', ({ evaluation }) => {
    const curves = evaluation?.prCurves?.classes ?? [];
    frame =
      curves.length === 0
        ? EMPTY_FRAME
        : {
            names: curves.map((curve) => curve.className),
            data: uPlot.join(
              curves.map((curve): uPlot.AlignedData => {
                const { recall, precision } = precisionEnvelope(curve);
                return [recall, precision];
              }),
            ),
          };
    chart.invalidate();
  });
  return h('div', { id: 'evaluation-pr', class: 'chart-card' }, h('h3', {}, 'Precision–recall'), chart.root);
}
