import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createModelCard({ frame }: CardContext): void {
  frame.body.textContent = 'Model';
}
