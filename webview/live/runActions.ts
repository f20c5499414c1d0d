import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { cardStates, SETUP_CARDS } from '../../src/core/panel/cards';
import { checkpointChoices } from '../../src/core/panel/evaluationViews';
import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import type { PanelStore } from '../store';
import { h } from '../controls/dom';

// Start and Stop, or, on a finished experiment shown read-only, Re-run and Fine-tune from one of its
// checkpoints. Each button is enabled only when the host could act on it, and a line says why not.

function button(id: string, text: string, iconName: string, secondary = false): HTMLElement {
  return h('vscode-button', { id, icon: iconName, secondary }, text);
}

/** Why a new run cannot start now, or undefined when it can. */
function startBlocker(store: PanelStore): string | undefined {
  const facts = store.facts();
  if (facts.session === undefined) return 'Waiting for the app state…';
  if (!facts.session.trusted) return 'Training runs code: trust this workspace to start a run.';
  if (facts.run?.live === true) return 'A run is in progress: stop it first.';
  if (facts.session.mode === 'readOnly') return undefined;
  const states = cardStates(facts);
  const unfinished = SETUP_CARDS.some((card) => states[card].visible && !states[card].done);
  return unfinished ? 'Finish the cards above first.' : undefined;
}

export function createRunActions(
  store: PanelStore,
  post: (message: WebviewToHostMessage) => void,
): HTMLElement {
  const start = button('run-start', 'Start', 'play');
  const stop = button('run-stop', 'Stop', 'debug-stop', true);
  const rerun = button('run-rerun', 'Re-run', 'refresh');
  const fineTune = button('run-finetune', 'Fine-tune', 'debug-restart', true);
  const checkpoint = h('vscode-single-select', {
    id: 'run-finetune-checkpoint',
    'aria-label': 'Checkpoint to fine-tune from',
  });
  const reason = h('p', { id: 'run-start-reason', class: 'field-message', role: 'status' });
  const buttons = h('div', { class: 'run-buttons' });
  let checkpoints: string[] = [];

  start.addEventListener('click', () => {
    post({ type: 'start' });
  });
  stop.addEventListener('click', () => {
    post({ type: 'stop' });
  });
  rerun.addEventListener('click', () => {
    post({ type: 'rerun' });
  });
  fineTune.addEventListener('click', () => {
    if (checkpoint.value !== '') post({ type: 'fineTune', checkpoint: checkpoint.value });
  });

  const showCheckpoints = (names: string[]): void => {
    if (names.join('\n') === checkpoints.join('\n')) return;
    checkpoints = names;
    checkpoint.replaceChildren(...names.map((name) => h('vscode-option', { value: name }, name)));
    if (names[0] !== undefined) checkpoint.value = names[0];
  };

  const update = (): void => {
    const session = store.latest('session')?.session;
    const readOnly = session?.mode === 'readOnly';
    // The `artifacts` message lists the followed experiment's files, its checkpoints among them.
    const artifacts = store.latest('artifacts');
    showCheckpoints(
      readOnly && artifacts !== undefined && artifacts.experimentDir === session.experiment?.dir
        ? checkpointChoices(artifacts.files)
        : [],
    );
    const blocker = startBlocker(store);
    const wanted = readOnly ? [rerun, fineTune, checkpoint, stop] : [start, stop];
    if (wanted.some((each, index) => buttons.children[index] !== each)) buttons.replaceChildren(...wanted);
    for (const each of [start, rerun]) each.toggleAttribute('disabled', blocker !== undefined);
    fineTune.toggleAttribute('disabled', blocker !== undefined || checkpoints.length === 0);
    stop.toggleAttribute('disabled', store.latest('run')?.run?.live !== true);
    reason.textContent =
      blocker ?? (readOnly && checkpoints.length === 0 ? 'No checkpoints to fine-tune from yet.' : '');
  };

  store.onAny(update);
  update();
  return h('div', { class: 'run-actions' }, buttons, reason);
}
