import { SETUP_CARDS, type CardState } from '../../src/core/panel/cards';
import type { CardId } from '../../src/core/panel/views';
import { h, hasFocus, icon } from '../controls/dom';
import '../controls/elements';

// A card's outer frame: a landmark section with a heading, a status line and the body the card module
// fills. The frame shows whether the card is done (a check in the heading, not colour alone), hides it
// when app_options switch it off, and makes it inert (with the reason) while an earlier card is not done.
// With app_options `collapsable` the heading is a button that folds the body; a card folds itself the
// first time it is done, and never again once the user has opened it.

export interface CardFrame {
  readonly id: CardId;
  /** `<section id="card-<id>">`. */
  readonly root: HTMLElement;
  /** Where the card module renders. */
  readonly body: HTMLElement;
  update(state: CardState, titles: Readonly<Record<CardId, string>>): void;
}

export function createCardFrame(id: CardId, title: string): CardFrame {
  // Only a setup card is ever "done"; the cards from Run on follow an experiment instead.
  const isSetup = (SETUP_CARDS as readonly CardId[]).includes(id);
  const root = h('section', { id: `card-${id}`, class: 'card' });
  const body = h('div', { id: `card-${id}-body`, class: 'card-body' });
  const doneMark = icon('pass-filled', 'Done');
  doneMark.classList.add('card-done-mark');
  const toggle = h(
    'button',
    { type: 'button', class: 'card-toggle', 'aria-controls': body.id, 'aria-expanded': 'true' },
    icon('chevron-down'),
    h('span', { class: 'card-title' }, title),
  );
  const plainTitle = h('span', { class: 'card-title' }, title);
  const heading = h('h2', { id: `card-${id}-title` }, plainTitle, doneMark);
  root.setAttribute('aria-labelledby', heading.id);
  const status = h('p', { class: 'card-status', role: 'status' });
  root.append(heading, status, body);

  let collapsedOnce = false;
  const setOpen = (open: boolean): void => {
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.firstElementChild?.setAttribute('name', open ? 'chevron-down' : 'chevron-right');
  };
  toggle.addEventListener('click', () => {
    setOpen(body.hidden);
  });
  const setCollapsible = (collapsible: boolean): void => {
    if (collapsible === heading.contains(toggle)) return;
    heading.replaceChild(collapsible ? toggle : plainTitle, collapsible ? plainTitle : toggle);
    if (!collapsible) setOpen(true);
  };

  return {
    id,
    root,
    body,
    update(state, titles) {
      root.hidden = !state.visible;
      const done = isSetup && state.enabled && state.done;
      root.classList.toggle('card-done', done);
      doneMark.hidden = !done;
      body.inert = !state.enabled;
      root.setAttribute('aria-disabled', String(!state.enabled));
      status.textContent =
        state.waitingFor !== undefined ? `Finish ${titles[state.waitingFor]} first.` : (state.problem ?? '');
      setCollapsible(state.collapsible);
      if (state.collapsible && done && !collapsedOnce) {
        collapsedOnce = true;
        // Folding hides what has focus; the heading's button keeps it, so the keyboard user is not lost.
        const hadFocus = hasFocus(body);
        setOpen(false);
        if (hadFocus) toggle.focus();
      }
    },
  };
}
