import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createClassesCard({ frame }: CardContext): void {
  frame.body.textContent = 'Classes';
}
