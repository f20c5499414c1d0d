import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import { formatBytes } from '../../src/core/panel/format';
import { ArtifactKind, type ArtifactFile } from '../../src/core/panel/views';
import { h } from '../controls/dom';
import { dataTable } from '../controls/table';
import type { CardContext } from './context';

// Artifacts: the followed experiment's files, checkpoints first, each with Open and Reveal. The host
// checks every path again before it opens anything.

const KIND_ORDER = ArtifactKind.options;

const byKindThenPath = (a: ArtifactFile, b: ArtifactFile): number =>
  KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.relative.localeCompare(b.relative);

export function createArtifactsCard(context: CardContext): void {
  const { frame, store, post } = context;
  const empty = h('p', { class: 'live-empty' }, 'No experiment yet: start a run to see its files here.');
  const container = h('div', { class: 'artifacts' }, empty);

  const action = (
    className: string,
    iconName: string,
    text: string,
    file: ArtifactFile,
    type: 'openFile' | 'revealFile',
  ): HTMLElement => {
    const control = h(
      'vscode-button',
      { class: className, icon: iconName, secondary: true, 'aria-label': `${text} ${file.relative}` },
      text,
    );
    control.addEventListener('click', () => {
      post({ type, path: file.path });
    });
    return control;
  };

  const row = (file: ArtifactFile): HTMLTableRowElement =>
    h(
      'tr',
      { 'data-relative': file.relative },
      h('td', { class: 'artifact-path' }, file.relative),
      h('td', {}, file.kind),
      h('td', { class: 'numeric' }, formatBytes(file.bytes)),
      h(
        'td',
        { class: 'artifact-actions' },
        action('artifact-open', 'go-to-file', 'Open', file, 'openFile'),
        action('artifact-reveal', 'folder-opened', 'Reveal', file, 'revealFile'),
      ),
    );

  store.follow('artifacts', ({ files }) => {
    if (files.length === 0) {
      empty.textContent = 'No files yet: the experiment folder fills as the run goes.';
      container.replaceChildren(empty);
      return;
    }
    container.replaceChildren(
      dataTable(
        { id: 'artifacts-table' },
        'Files of the experiment',
        ['File', 'Kind', 'Size', 'Actions'],
        [...files].sort(byKindThenPath).map(row),
      ),
    );
  });
  frame.body.classList.add('live-card');
  frame.body.append(container);
}
