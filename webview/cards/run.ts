import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createRunCard({ frame }: CardContext): void {
  frame.body.textContent = 'Run';
}
