// Scores, class names and mask areas as predictions report them.

/** Four decimals: finer steps carry no information a person or a threshold uses, and bloat the files. */
export const roundScore = (score: number): number => Math.round(score * 1e4) / 1e4;

/** The highest-scoring class; the first of equals. */
export function topClass(scores: ArrayLike<number>): { readonly index: number; readonly score: number } {
  let index = 0;
  for (let candidate = 1; candidate < scores.length; candidate++) {
    if ((scores[candidate] ?? 0) > (scores[index] ?? 0)) index = candidate;
  }
  return { index, score: scores[index] ?? 0 };
}

/** The class's name; a model never predicts past its class list, but an index is still better than nothing. */
export const classTitle = (classes: readonly string[], index: number): string =>
  classes[index] ?? `class ${String(index)}`;

/** How many pixels of a mask carry each value, 0 to 255. */
export function labelCounts(mask: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256);
  for (const label of mask) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
