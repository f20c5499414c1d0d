import type { StoredConfusionMatrix } from '../../src/core/schemas/evaluationFiles';
import { h } from '../controls/dom';

// The confusion matrix as a table heatmap: counts in the cells, and a cell's shade its share of the
// truth row (so rare classes show their errors as clearly as common ones). The shade mixes a theme colour
// through CSS, so it follows theme switches by itself; the count stays in the text for everyone.

const HEAT_COLOUR = 'var(--vscode-charts-blue, #3794ff)';
/** The darkest shade, in percent of the colour, so the cell's text stays readable. */
const MAX_SHADE = 70;
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

export function confusionTable(matrix: StoredConfusionMatrix): HTMLTableElement {
  const { labels, counts, unit } = matrix;
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Truth ↓ / Predicted →'),
    ...labels.map((label) => h('th', { scope: 'col' }, label)),
  );
  const rows = counts.map((row, truthIndex) => {
    const truth = labels[truthIndex] ?? '';
    const total = row.reduce((sum, count) => sum + count, 0);
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, truth),
      ...row.map((count, predictedIndex) => {
        const share = total === 0 ? 0 : count / total;
        const cell = h(
          'td',
          {
            class: predictedIndex === truthIndex ? 'numeric confusion-diagonal' : 'numeric',
            title: `truth ${truth}, predicted ${labels[predictedIndex] ?? ''}: ${String(count)} ${unit} (${String(Math.round(share * 100))}% of ${truth})`,
          },
          compact.format(count),
        );
        cell.style.backgroundColor = `color-mix(in srgb, ${HEAT_COLOUR} ${String(Math.round(share * MAX_SHADE))}%, transparent)`;
        return cell;
      }),
    );
  });
  return h(
    'table',
    { id: 'evaluation-confusion', class: 'live-table confusion' },
    h('caption', {}, `Confusion matrix, in ${unit}: rows are the truth, columns the prediction.`),
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
}
