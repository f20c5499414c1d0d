import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createSplitCard({ frame }: CardContext): void {
  frame.body.textContent = 'Split';
}
