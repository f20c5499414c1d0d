import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createOptionsCard({ frame }: CardContext): void {
  frame.body.textContent = 'Options';
}
