import './zodConfig';
import { cardStates } from '../src/core/panel/cards';
import { CARD_IDS } from '../src/core/panel/views';
import { CARD_MODULES, CARD_TITLES } from './cards';
import { createCardFrame } from './cards/frame';
import { listenToHost, post } from './channel';
import { persistSession } from './persistence';
import { PanelStore } from './store';

// The training panel: one scrollable page of cards in the reference GUI's order. The host sends nothing
// before `ready`, so every listener is in place before the first message arrives.

const store = new PanelStore();
const main = document.querySelector('#panel') ?? document.body;
const frames = CARD_IDS.map((id) => createCardFrame(id, CARD_TITLES[id]));
for (const frame of frames) {
  main.append(frame.root);
  CARD_MODULES[frame.id]({ frame, store, post });
}
const updateFrames = (): void => {
  const states = cardStates(store.facts());
  for (const frame of frames) frame.update(states[frame.id], CARD_TITLES);
};
store.onAny(updateFrames);
updateFrames();
persistSession(store);
listenToHost(store);
post({ type: 'ready' });
