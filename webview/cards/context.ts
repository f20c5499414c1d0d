import type { WebviewToHostMessage } from '../../src/core/panel/messages';
import type { PanelStore } from '../store';
import type { CardFrame } from './frame';

/** What a card module gets: its frame to render into, the store to render from, and the way to the host. */
export interface CardContext {
  readonly frame: CardFrame;
  readonly store: PanelStore;
  readonly post: (message: WebviewToHostMessage) => void;
}

export type CardModule = (context: CardContext) => void;
