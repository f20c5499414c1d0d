import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { createEvaluationPrChart } from '../charts/prChart';
import { confusionTable } from '../live/confusionTable';
import { evaluationMetricsTable, perClassTable } from '../live/evaluationTables';
import { h } from '../controls/dom';
import type { CardContext } from './context';

// Evaluation: the followed experiment's evaluation/ files: overall and per-class metrics, PR curves (for
// detection), the confusion matrix, and the HTML report.

const NOT_EVALUATED =
  'Not evaluated yet. Turn on Options › Benchmark before training, or run “Train Studio: Evaluate Checkpoint” on the experiment.';

export function createEvaluationCard(context: CardContext): void {
  const { frame, store, post } = context;
  const empty = h('p', { class: 'live-empty' }, NOT_EVALUATED);
  const tables = h('div', { class: 'evaluation-tables' });
  const pr = createEvaluationPrChart(store);
  const report = h(
    'vscode-button',
    { id: 'evaluation-report', icon: 'preview', secondary: true },
    'Open report',
  );
  const content = h('div', { class: 'evaluation' }, report, tables, pr);
  let reportFile: string | undefined;
  report.addEventListener('click', () => {
    if (reportFile !== undefined) post({ type: 'openFile', path: reportFile });
  });

  store.follow('evaluation', ({ evaluation }) => {
    content.hidden = evaluation === null;
    empty.hidden = evaluation !== null;
    if (evaluation === null) return;
    reportFile = evaluation.reportFile;
    report.hidden = reportFile === undefined;
    tables.replaceChildren(
      evaluationMetricsTable(evaluation),
      perClassTable(evaluation),
      ...(evaluation.confusion ? [confusionTable(evaluation.confusion)] : []),
    );
  });
  content.hidden = true;
  frame.body.classList.add('live-card');
  frame.body.append(empty, content);
}
