import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createCompareCard({ frame }: CardContext): void {
  frame.body.textContent = 'Compare';
}
