import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createEvaluationCard({ frame }: CardContext): void {
  frame.body.textContent = 'Evaluation';
}
