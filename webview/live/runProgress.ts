import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { formatDurationWords } from '../../src/core/panel/format';
import type { RunView } from '../../src/core/panel/views';
import type { PanelStore } from '../store';
import { h } from '../controls/dom';

// Where the followed run is: its phase or final status (and error), a progress bar, and the epoch with ETA.

const PHASE_TEXT: Readonly<Record<RunView['phase'], string>> = {
  starting: 'Starting…',
  preparing: 'Preparing the data…',
  training: 'Training',
  finalizing: 'Finalising…',
  ended: 'Ended',
};

function statusLine(run: RunView): string {
  const state = run.phase === 'ended' ? run.experiment.status : PHASE_TEXT[run.phase];
  return `${run.experiment.name}: ${state}`;
}

function etaLine(run: RunView): string {
  const parts: string[] = [];
  if (run.epoch !== undefined && run.totalEpochs !== undefined) {
    parts.push(`Epoch ${String(run.epoch)}/${String(run.totalEpochs)}`);
  }
  if (run.live && run.etaSeconds !== undefined) parts.push(`ETA ${formatDurationWords(run.etaSeconds)}`);
  return parts.join(' · ');
}

export function createRunProgress(store: PanelStore): HTMLElement {
  const phase = h('span', { class: 'run-phase' });
  const error = h('span', { class: 'run-error' });
  const status = h('div', { id: 'run-status', role: 'status' }, phase, error);
  const progress = h('vscode-progress-bar', { id: 'run-progress', 'aria-label': 'Run progress' });
  const eta = h('p', { id: 'run-eta' });
  const wrapper = h('div', { class: 'run-progress' }, status, progress, eta);

  store.follow('run', ({ run }) => {
    progress.hidden = run === null;
    if (run === null) {
      phase.textContent = 'No run yet: start one to see its progress here.';
      error.textContent = '';
      eta.textContent = '';
      return;
    }
    phase.textContent = statusLine(run);
    error.textContent =
      run.error === undefined ? '' : [run.error.message, run.error.hint].filter(Boolean).join(' ');
    eta.textContent = etaLine(run);
    // Live without a fraction yet: an indeterminate bar says "working" without inventing a number.
    progress.indeterminate = run.live && run.fraction === undefined;
    const percent = Math.round((run.fraction ?? (run.phase === 'ended' ? 1 : 0)) * 100);
    progress.value = percent;
    progress.setAttribute('aria-valuenow', String(percent));
  });
  return wrapper;
}
