import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import type { PanelSession, ProjectCandidate, ProjectState } from '../../src/core/panel/views';
import { h, icon } from '../controls/dom';
import { labelledField, setChoices } from '../controls/fields';
import { resolveBeside, samePath } from '../controls/paths';
import { isReadOnly } from '../controls/session';
import type { CardContext } from './context';

// The dataset folder: one of the folders the host found, or any folder through the host's dialog. Its
// statistics come from the host reading it; the card only shows them.

/** The session's project as an absolute path (app_state.json writes it relative to itself). */
const projectPathOf = (session: PanelSession): string | undefined =>
  session.settings.project === undefined
    ? undefined
    : resolveBeside(session.appStateFile, session.settings.project);

function statsOf(state: ProjectState | undefined): Node[] {
  if (state === undefined || state.status === 'none') return [h('p', {}, 'No project chosen yet.')];
  if (state.status === 'loading') {
    return [
      h(
        'p',
        { class: 'loading' },
        h('vscode-progress-ring', { 'aria-hidden': 'true' }),
        `Reading ${state.path}…`,
      ),
    ];
  }
  if (state.status === 'error') {
    return [
      h(
        'div',
        { class: 'problem', role: 'alert' },
        h('p', {}, icon('error', 'Error'), ` ${state.message}`),
        state.hint !== undefined && h('p', { class: 'hint' }, state.hint),
      ),
    ];
  }
  const { view } = state;
  const facts: [string, string][] = [
    ['Format', view.format],
    ['Images', String(view.images)],
    ['Objects', String(view.objects)],
    ['Classes', String(view.classes.length)],
    ['Datasets', view.datasets.map((dataset) => `${dataset.name} (${String(dataset.images)})`).join(', ')],
    ['Skipped files', String(view.problems)],
  ];
  return [
    h('dl', { class: 'facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
  ];
}

export function createProjectCard(card: CardContext): void {
  const { frame, store } = card;
  const post = (message: WebviewToHostMessage): void => {
    card.post(message);
  };
  const readOnlyNotice = h('p', { id: 'read-only-notice', class: 'notice', role: 'note', hidden: true });
  const select = h('vscode-single-select', { id: 'project-select' });
  const browse = h(
    'vscode-button',
    { id: 'project-browse', secondary: true, icon: 'folder-opened' },
    'Browse…',
  );
  const stats = h('div', { id: 'project-stats', 'aria-live': 'polite' });
  const field = labelledField('Dataset folder', select);
  frame.body.append(readOnlyNotice, h('div', { class: 'row' }, field.root, browse), stats);

  const render = (): void => {
    const session = store.latest('session')?.session;
    const candidates: readonly ProjectCandidate[] = store.latest('projectCandidates')?.candidates ?? [];
    const current = session === undefined ? undefined : projectPathOf(session);
    const known =
      current === undefined ? undefined : candidates.find((candidate) => samePath(candidate.path, current));
    const choices = candidates.map((candidate) => ({
      value: candidate.path,
      label: candidate.label,
      description: candidate.path,
    }));
    // A folder chosen through the dialog (or written in the file) is shown even when it is not a candidate.
    if (current !== undefined && known === undefined)
      choices.unshift({ value: current, label: current, description: current });
    setChoices(select, choices, [known?.path ?? current ?? '']);
    const readOnly = isReadOnly(session);
    select.disabled = readOnly;
    browse.disabled = readOnly;
    readOnlyNotice.hidden = !readOnly;
    readOnlyNotice.replaceChildren(
      icon('lock'),
      ` Read-only: settings of experiment ${session?.experiment?.name ?? session?.appStateLabel ?? ''}`,
    );
  };
  store.follow('session', render);
  store.follow('projectCandidates', render);
  store.follow('project', ({ state }) => {
    stats.replaceChildren(...statsOf(state));
  });
  if (store.latest('project') === undefined) stats.replaceChildren(...statsOf(undefined));

  select.addEventListener('change', () => {
    const session = store.latest('session')?.session;
    const current = session === undefined ? undefined : projectPathOf(session);
    if (select.value === '' || (current !== undefined && samePath(select.value, current))) return;
    post({ type: 'edit', edit: { field: 'project', value: select.value } });
  });
  browse.addEventListener('click', () => {
    post({ type: 'browseProject' });
  });
}
