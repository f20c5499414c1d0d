import { decimals } from '../../summary';
import { UNIT_SCALE, unitPlot } from '../chart';
import { escapeHtml, note, table } from '../html';
import type { ReportData } from '../reportData';
import type { ReportSection } from './section';

// The reliability diagram: per confidence bin, how often the predictions in it were right, against the
// diagonal of perfect calibration; with ECE and MCE, the numbers it sums up to.

const at = (value: number) => value.toFixed(1);

function diagram(bins: NonNullable<ReportData['calibration']>, what: string): string {
  const { x, y } = UNIT_SCALE;
  const filled = bins.filter((bin) => bin.count > 0);
  const bars = filled
    .map((bin) => {
      const label = `${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}: ${String(bin.count)} ${what}, mean confidence ${decimals(bin.meanConfidence)}, accuracy ${decimals(bin.accuracy)}`;
      return (
        `<g><title>${escapeHtml(label)}</title>` +
        `<rect class="bin" x="${at(x(bin.lower))}" y="${at(y(bin.accuracy))}" width="${at(x(bin.upper) - x(bin.lower))}" height="${at(y(0) - y(bin.accuracy))}"/>` +
        `<circle class="bin-mean" cx="${at(x(bin.meanConfidence))}" cy="${at(y(bin.accuracy))}" r="3.5"/></g>`
      );
    })
    .join('');
  const diagonal = `<line class="diagonal" x1="${at(x(0))}" y1="${at(y(0))}" x2="${at(x(1))}" y2="${at(y(1))}"><title>Perfect calibration: accuracy equals confidence</title></line>`;
  return unitPlot({
    id: 'calibration',
    title: 'Reliability diagram: accuracy against confidence',
    description: `${String(filled.length)} non-empty confidence bins; the diagonal is perfect calibration.`,
    xLabel: 'confidence',
    yLabel: 'accuracy',
    body: bars + diagonal,
  });
}

export const calibrationSection: ReportSection = {
  id: 'calibration',
  title: 'Calibration',
  body: (data) => {
    const { task, metrics } = data.metrics;
    if (task === 'semantic segmentation')
      return note(
        'Not measured for semantic segmentation: calibration is computed for classification and detection only.',
      );
    const bins = data.calibration;
    if (bins === undefined)
      return note('No diagram: evaluation/calibration.json is missing or could not be read.');
    const what = task === 'classification' ? 'images' : 'detections';
    const errors = [
      ['ECE (expected calibration error)', metrics.expected_calibration_error],
      ['MCE (maximum calibration error)', metrics.maximum_calibration_error],
    ] as const;
    const numbers = errors
      .flatMap(([name, value]) =>
        value === undefined ? [] : [`<div><dt>${name}</dt><dd>${decimals(value)}</dd></div>`],
      )
      .join('');
    const rows = bins.map((bin) => [
      `${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}`,
      String(bin.count),
      bin.count === 0 ? '-' : decimals(bin.meanConfidence),
      bin.count === 0 ? '-' : decimals(bin.accuracy),
    ]);
    const binTable = table(
      `Calibration bins (${what})`,
      ['confidence', 'count', 'mean confidence', 'accuracy'],
      rows,
      'numbers',
    );
    return (
      `<dl class="facts">${numbers}</dl><figure class="plot">${diagram(bins, what)}</figure>` +
      `<details><summary>The bins</summary>${binTable}</details>`
    );
  },
};
