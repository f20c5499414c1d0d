// Scores, class names and mask areas as predictions report them.

export { classTitle, topClass } from '../../metrics/predictions';

/** Four decimals: finer steps carry no information a person or a threshold uses, and bloat the files. */
export const roundScore = (score: number): number => Math.round(score * 1e4) / 1e4;

/** How many pixels of a mask carry each value, 0 to 255. */
export function labelCounts(mask: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256);
  for (const label of mask) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
