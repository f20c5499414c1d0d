/**
 * mulberry32: a small, fast seeded generator, good enough for shuffling and augmentation; uniform in [0, 1)
 * (a 32-bit draw divided by 2^32). The pipeline's augmentation and the loop's shuffles share it, so a change
 * here changes both, and RANDOM_ALGORITHM in train/random.ts (which checkpoints record) must change with it.
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}
