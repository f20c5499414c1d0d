import { deltaApplies } from '../../src/core/panel/runMetrics';
import type { PanelStore } from '../store';
import { coalesce } from './coalesce';
import { h } from '../controls/dom';

// The tail of the followed run's log, from the host's append-only `log` deltas. New lines are appended as
// text nodes (so a screen reader's live region announces only them) and the oldest are dropped past the
// limit. It scrolls along only while the reader is at the bottom, so reading back is not interrupted.

const LOG_TAIL_LINES = 1000;
/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK = 8;

export function createRunLog(store: PanelStore): HTMLElement {
  const log = h('pre', {
    id: 'run-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Training log',
    tabindex: '0',
  });
  const wrapper = h('div', { class: 'run-log' }, h('h3', {}, 'Log'), log);
  let heldDir: string | undefined;
  let pending: string[] = [];
  let replace = false;

  const render = coalesce(() => {
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - BOTTOM_SLACK;
    const lines = pending.slice(-LOG_TAIL_LINES).map((line) => document.createTextNode(`${line}\n`));
    pending = [];
    if (replace) log.replaceChildren(...lines);
    else log.append(...lines);
    replace = false;
    for (let excess = log.childNodes.length - LOG_TAIL_LINES; excess > 0; excess -= 1)
      log.firstChild?.remove();
    if (atBottom) log.scrollTop = log.scrollHeight;
  });

  store.on('log', (delta) => {
    if (!deltaApplies(heldDir, delta)) return;
    if (delta.reset) {
      heldDir = delta.experimentDir;
      pending = [];
      replace = true;
    }
    pending = pending.concat(delta.lines);
    if (pending.length > LOG_TAIL_LINES) pending = pending.slice(-LOG_TAIL_LINES);
    render();
  });
  store.follow('session', ({ session }) => {
    wrapper.hidden = !(session.framework?.appOptions.show_logs_in_gui ?? true);
  });
  return wrapper;
}
