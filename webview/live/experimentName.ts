import '@vscode-elements/elements/dist/vscode-textfield/index.js';

import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import { ExperimentName } from '../../src/core/schemas/appState';
import type { PanelStore } from '../store';
import { h } from '../controls/dom';

// The experiment name field: checked as the user types with the same schema as app_state.json, and
// written (debounced) only when valid. Empty removes the name, so the trainer names the run after its folder.

const EDIT_DELAY_MS = 400;

export function createExperimentNameField(
  store: PanelStore,
  post: (message: WebviewToHostMessage) => void,
): HTMLElement {
  const message = h('p', { id: 'experiment-name-message', class: 'field-message', role: 'alert' });
  const field = h('vscode-textfield', {
    id: 'experiment-name',
    placeholder: 'Named after its folder when empty',
    'aria-describedby': message.id,
  });
  const label = h('label', { for: field.id }, 'Experiment name');
  let pending: ReturnType<typeof setTimeout> | undefined;

  field.addEventListener('input', () => {
    clearTimeout(pending);
    const value = field.value.trim();
    const checked = value === '' ? undefined : ExperimentName.safeParse(value);
    const problem = checked?.success === false ? checked.error.issues[0]?.message : undefined;
    field.invalid = problem !== undefined;
    message.textContent = problem ?? '';
    if (problem !== undefined) return;
    pending = setTimeout(() => {
      post({ type: 'edit', edit: { field: 'experimentName', value: value === '' ? null : value } });
    }, EDIT_DELAY_MS);
  });

  store.follow('session', ({ session }) => {
    field.disabled = session.mode === 'readOnly';
    // The file changes after each edit of ours; rewriting the field under the user's cursor would fight them.
    if (document.activeElement !== field) field.value = session.settings.experimentName ?? '';
  });

  return h('div', { class: 'experiment-name' }, label, field, message);
}
