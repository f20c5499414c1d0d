import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createHyperparametersCard({ frame }: CardContext): void {
  frame.body.textContent = 'Hyperparameters';
}
