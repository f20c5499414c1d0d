import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import type { TextDiagnostic } from '../../src/core/panel/views';
import { debounce } from '../controls/debounce';
import { h, icon } from '../controls/dom';
import { labelledField, syncText } from '../controls/fields';
import { isReadOnly } from '../controls/session';
import type { CardContext } from './context';

// The hyperparameters YAML, with the diagnostics the editor shows for it (the host runs the same checker).
// Typing posts after a pause; a new session from the host leaves text the user is still typing alone.

function diagnosticItem(diagnostic: TextDiagnostic): HTMLElement {
  const severity = diagnostic.severity === 'error' ? 'Error' : 'Warning';
  return h(
    'li',
    { class: `diagnostic diagnostic-${diagnostic.severity}` },
    icon(diagnostic.severity, severity),
    ` Line ${String(diagnostic.line + 1)}, column ${String(diagnostic.column + 1)}: ${diagnostic.message}`,
  );
}

export function createHyperparametersCard(card: CardContext): void {
  const { frame, store } = card;
  const post = (message: WebviewToHostMessage): void => {
    card.post(message);
  };
  const editor = h('vscode-textarea', {
    id: 'hyperparameters-editor',
    monospace: true,
    rows: '12',
    resize: 'vertical',
  });
  editor.spellcheck = false;
  const field = labelledField('Hyperparameters (YAML; empty uses the framework’s defaults)', editor);
  const diagnostics = h('ul', {
    id: 'hyperparameters-diagnostics',
    class: 'plain-list',
    'aria-label': 'Problems in the hyperparameters',
    'aria-live': 'polite',
  });
  const open = h(
    'vscode-button',
    { id: 'hyperparameters-open', secondary: true, icon: 'go-to-file' },
    'Open in editor',
  );
  frame.body.append(field.root, diagnostics, open);

  const postText = debounce((value: string) => {
    post({ type: 'edit', edit: { field: 'hyperparameters', value } });
  });
  editor.addEventListener('input', () => {
    postText(editor.value);
  });
  open.addEventListener('click', () => {
    post({ type: 'openHyperparameters' });
  });

  store.follow('session', ({ session }) => {
    syncText(editor, session.settings.hyperparameters, postText.pending());
    editor.disabled = isReadOnly(session);
  });
  const showDiagnostics = (list: readonly TextDiagnostic[]): void => {
    diagnostics.replaceChildren(
      ...(list.length === 0 ? [h('li', {}, icon('pass', 'OK'), ' No problems')] : list.map(diagnosticItem)),
    );
  };
  store.follow('hyperparameterDiagnostics', ({ diagnostics: list }) => {
    showDiagnostics(list);
  });
  if (store.latest('hyperparameterDiagnostics') === undefined) showDiagnostics([]);
}
