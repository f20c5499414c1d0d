import { escapeHtml, note, percent } from '../html';
import type { ReportSection } from './section';

// The confusion matrix as a table: rows are the truth, columns the prediction, each cell shaded by its share
// of its row (blue on the diagonal, orange off it), its count written in it. A row-normalised shade shows a
// rare class's mistakes as plainly as a common one's.

const RIGHT = '37, 99, 235';
const WRONG = '234, 88, 12';
/** Past this share the cell is dark enough for white text. */
const STRONG_SHARE = 0.5;

function cell(count: number, rowTotal: number, right: boolean, title: string): string {
  const share = rowTotal === 0 ? 0 : count / rowTotal;
  if (count === 0) return '<td class="zero">0</td>';
  const alpha = (0.1 + 0.8 * share).toFixed(2);
  const strong = share > STRONG_SHARE ? ' strong' : '';
  return `<td class="${right ? 'right' : 'wrong'}${strong}" style="background:rgba(${right ? RIGHT : WRONG}, ${alpha})" title="${title}">${String(count)}</td>`;
}

export const confusionSection: ReportSection = {
  id: 'confusion',
  title: 'Confusion matrix',
  body: (data) => {
    if (data.metrics.task === 'object detection') {
      return note(
        'Not computed for detection: boxes are matched to the truth per class, so class confusion is not measured.',
      );
    }
    const matrix = data.confusion;
    if (matrix === undefined)
      return note('No matrix: evaluation/confusion_matrix.json is missing or could not be read.');
    const { labels, counts, unit } = matrix;
    const names = labels.map(escapeHtml);
    const head =
      `<tr><td></td><th scope="colgroup" colspan="${String(labels.length)}" class="axis">predicted</th></tr>` +
      `<tr><th scope="col" class="axis">truth</th>${names.map((name) => `<th scope="col" class="vertical"><span>${name}</span></th>`).join('')}</tr>`;
    const rows = counts
      .map((row, truth) => {
        const total = row.reduce((sum, count) => sum + count, 0);
        const cells = row.map((count, predicted) =>
          cell(
            count,
            total,
            truth === predicted,
            `truth ${names[truth] ?? ''}, predicted ${names[predicted] ?? ''}: ${String(count)} of ${String(total)} ${unit} (${percent(total === 0 ? 0 : count / total)})`,
          ),
        );
        return `<tr><th scope="row">${names[truth] ?? ''}</th>${cells.join('')}</tr>`;
      })
      .join('');
    // The caption stays short: a table is as wide as its caption, and this one's columns are narrow.
    const explanation = `<p>Rows are the truth, columns the prediction; each cell counts ${escapeHtml(unit)} and is shaded by its share of its row.</p>`;
    return `${explanation}<div class="scroll tall"><table class="confusion"><caption>Confusion matrix (${escapeHtml(unit)})</caption><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
  },
};
