import { decimals } from '../../summary';
import { linePath, unitPlot } from '../chart';
import { escapeHtml, note } from '../html';
import type { ReportSection } from './section';

// Detection's precision-recall curves at IoU 0.5: one line per class over the unit square. The first
// classes get a colour and a legend entry each; past LEGEND_LIMIT a legend stops helping, so the rest are
// drawn in grey (each line still names its class on hover) and the per-class table has their numbers.

const LEGEND_LIMIT = 12;

/** Distinct on light and dark backgrounds alike. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#3b5bdb',
  '#f76707',
  '#0ca678',
];

/** At most `limit` names, then how many more. */
function someNames(names: readonly string[], limit = LEGEND_LIMIT): string {
  const shown = names.slice(0, limit).map(escapeHtml).join(', ');
  return names.length > limit ? `${shown} and ${String(names.length - limit)} more` : shown;
}

export const prCurvesSection: ReportSection = {
  id: 'pr-curves',
  title: 'Precision-recall curves',
  body: (data) => {
    if (data.metrics.task !== 'object detection')
      return note(`Not drawn for ${data.metrics.task}: PR curves are computed for detection only.`);
    const curves = data.prCurves;
    if (curves === undefined)
      return note('No curves: evaluation/pr_curves.json is missing or could not be read.');
    const ap50 = new Map(data.metrics.perClass.map(({ className, metrics }) => [className, metrics.AP50]));
    const apText = (name: string) => {
      const value = ap50.get(name);
      return value === undefined ? '' : ` · AP50 ${decimals(value)}`;
    };
    const drawn = curves.filter((curve) => curve.recall.length > 0);
    const lines = drawn.map((curve, index) => {
      const color = PALETTE[index];
      const points = curve.recall.map((recall, point) => [recall, curve.precision[point] ?? 0] as const);
      const stroke = color === undefined ? 'class="pr-curve muted"' : `class="pr-curve" stroke="${color}"`;
      return `<path ${stroke} d="${linePath(points)}"><title>${escapeHtml(curve.className + apText(curve.className))}</title></path>`;
    });
    // Grey lines first, so that the coloured ones are drawn over them.
    const body = [...lines.slice(LEGEND_LIMIT), ...lines.slice(0, LEGEND_LIMIT)].join('');
    const chart = unitPlot({
      id: 'pr',
      title: 'Precision against recall per class, IoU 0.5',
      description: `${String(drawn.length)} curves, one per class with ground truth.`,
      xLabel: 'recall',
      yLabel: 'precision',
      body,
    });
    const legend = drawn
      .slice(0, LEGEND_LIMIT)
      .map(
        (curve, index) =>
          `<li><span class="swatch" style="background:${PALETTE[index] ?? ''}"></span>${escapeHtml(curve.className + apText(curve.className))}</li>`,
      )
      .join('');
    const notes = [
      drawn.length > LEGEND_LIMIT
        ? note(
            `${String(drawn.length - LEGEND_LIMIT)} more classes are drawn in grey; the per-class table has their AP.`,
          )
        : '',
      drawn.length < curves.length
        ? note(
            `No ground truth, so no curve: ${someNames(curves.filter((curve) => curve.recall.length === 0).map((curve) => curve.className))}.`,
          )
        : '',
    ].join('');
    return `<figure class="plot">${chart}<ul class="legend">${legend}</ul></figure>${notes}`;
  },
};
