import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createProjectCard({ frame }: CardContext): void {
  frame.body.textContent = 'Project';
}
