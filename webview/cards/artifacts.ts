import type { CardContext } from './context';

/** Placeholder until the card is built. */
export function createArtifactsCard({ frame }: CardContext): void {
  frame.body.textContent = 'Artifacts';
}
