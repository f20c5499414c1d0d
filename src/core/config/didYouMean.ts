// "Did you mean …?" for near-miss keys and values: the closest candidate by Damerau–Levenshtein
// distance (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours),
// compared without regard to case.

/** Edit distance between a and b, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows suffice: the swap of two neighbours looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(distance);
      rowMinimum = Math.min(rowMinimum, distance);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * How far a word may be from a candidate and still be a likely typo of it: one edit for short words,
 * growing with length, at most three. `epoches` → `epochs` and `lr_schedular` → `lr_scheduler` are in
 * reach; `batch` → `batch_size` is not, and must not be: it is another framework's key, not a typo.
 */
function typoLimit(word: string): number {
  return Math.min(3, Math.max(1, Math.ceil(word.length / 4)));
}

/** The candidate the word most likely misspells, or undefined when none is close enough. */
export function suggestClosest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = typoLimit(word);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), Math.min(limit, bestDistance));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
