import type { CardState } from '../../src/core/panel/cards';
import type { CardId } from '../../src/core/panel/views';

// A card's outer frame: a landmark section with a heading, a status line and the body the card module
// fills. The frame shows whether the card is done, hides it when app_options switch it off, and disables
// it (with the reason) while an earlier card is not done.

export interface CardFrame {
  readonly id: CardId;
  /** `<section id="card-<id>">`. */
  readonly root: HTMLElement;
  /** Where the card module renders. */
  readonly body: HTMLElement;
  update(state: CardState, titles: Readonly<Record<CardId, string>>): void;
}

export function createCardFrame(id: CardId, title: string): CardFrame {
  const root = document.createElement('section');
  root.id = `card-${id}`;
  root.className = 'card';
  const heading = document.createElement('h2');
  heading.id = `card-${id}-title`;
  heading.textContent = title;
  root.setAttribute('aria-labelledby', heading.id);
  const status = document.createElement('p');
  status.className = 'card-status';
  status.setAttribute('role', 'status');
  const body = document.createElement('div');
  body.className = 'card-body';
  root.append(heading, status, body);
  return {
    id,
    root,
    body,
    update(state, titles) {
      root.hidden = !state.visible;
      root.classList.toggle('card-done', state.done);
      body.inert = !state.enabled;
      root.setAttribute('aria-disabled', String(!state.enabled));
      status.textContent =
        state.waitingFor !== undefined ? `Finish ${titles[state.waitingFor]} first.` : (state.problem ?? '');
    },
  };
}
