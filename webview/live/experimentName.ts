import '@vscode-elements/elements/dist/vscode-textfield/index.js';

import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import { ExperimentName } from '../../src/core/schemas/appState';
import type { PanelStore } from '../store';
import { debounce } from '../controls/debounce';
import { h, hasFocus } from '../controls/dom';
import { syncText } from '../controls/fields';
import { isReadOnly } from '../controls/session';

// The experiment name field: checked as the user types with the same schema as app_state.json, and
// written (debounced) only when valid. Empty removes the name, so the trainer names the run after its folder.

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
  const postName = debounce((value: string) => {
    post({ type: 'edit', edit: { field: 'experimentName', value: value === '' ? null : value } });
  });

  /** Marks the field invalid and says why, or clears both; returns whether the value may be written. */
  const check = (value: string): boolean => {
    const checked = value === '' ? undefined : ExperimentName.safeParse(value);
    const problem = checked?.success === false ? checked.error.issues[0]?.message : undefined;
    field.invalid = problem !== undefined;
    message.textContent = problem ?? '';
    return problem === undefined;
  };

  field.addEventListener('input', () => {
    const value = field.value.trim();
    // A name typed before this one became invalid must not be written after it.
    if (check(value)) postName(value);
    else postName.cancel();
  });

  store.follow('session', ({ session }) => {
    field.disabled = isReadOnly(session);
    // A focused field is left alone even once its edit is posted: a session sent between our post and the
    // host's write still holds the old name.
    syncText(field, session.settings.experimentName ?? '', postName.pending() || hasFocus(field));
    check(field.value.trim());
  });

  return h('div', { class: 'experiment-name' }, label, field, message);
}
