import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { formatBytes } from '../../src/core/panel/format';
import type { ArtifactFile } from '../../src/core/panel/views';
import { h } from '../controls/dom';
import { dataTable } from '../controls/table';
import { keyedChildren, setText } from '../live/keyedChildren';
import type { CardContext } from './context';

// Artifacts: the followed experiment's files, each with Open and Reveal, in the host's order (checkpoints
// first, numbers in names in numeric order: epoch_2 before epoch_10). The host checks every path again
// before it opens anything.

export function createArtifactsCard(context: CardContext): void {
  const { frame, store, post } = context;
  const empty = h('p', { class: 'live-empty' }, 'No experiment yet: start a run to see its files here.');
  const container = h('div', { class: 'artifacts' }, empty);
  const table = dataTable(
    { id: 'artifacts-table' },
    'Files of the experiment',
    ['File', 'Kind', 'Size', 'Actions'],
    [],
  );
  const body = table.tBodies[0] ?? table.createTBody();
  /** The listed files by relative path: a kept row's buttons act on the file it shows now. */
  let files = new Map<string, ArtifactFile>();

  const action = (
    className: string,
    iconName: string,
    text: string,
    relative: string,
    type: 'openFile' | 'revealFile',
  ): HTMLElement => {
    const control = h(
      'vscode-button',
      { class: className, icon: iconName, secondary: true, 'aria-label': `${text} ${relative}` },
      text,
    );
    control.addEventListener('click', () => {
      const file = files.get(relative);
      if (file) post({ type, path: file.path });
    });
    return control;
  };

  const renderRows = keyedChildren<ArtifactFile>(body, {
    key: (file) => file.relative,
    create: (file) =>
      h(
        'tr',
        { 'data-relative': file.relative },
        h('td', { class: 'artifact-path' }, file.relative),
        h('td', {}, file.kind),
        h('td', { class: 'numeric' }, formatBytes(file.bytes)),
        h(
          'td',
          { class: 'artifact-actions' },
          action('artifact-open', 'go-to-file', 'Open', file.relative, 'openFile'),
          action('artifact-reveal', 'folder-opened', 'Reveal', file.relative, 'revealFile'),
        ),
      ),
    update: (row, file) => {
      const [, kind, size] = row.children;
      if (kind) setText(kind, file.kind);
      if (size) setText(size, formatBytes(file.bytes));
    },
  });

  store.follow('artifacts', (message) => {
    files = new Map(message.files.map((file) => [file.relative, file]));
    renderRows(message.files);
    if (message.files.length === 0) {
      empty.textContent = 'No files yet: the experiment folder fills as the run goes.';
      if (empty.parentElement !== container) container.replaceChildren(empty);
    } else if (table.parentElement !== container) container.replaceChildren(table);
  });
  frame.body.classList.add('live-card');
  frame.body.append(container);
}
