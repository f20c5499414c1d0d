// The loop's own random streams. None is carried from step to step: each epoch's shuffle and augmentation
// seeds derive from the run seed and the epoch number alone, so a resumed run recomputes exactly the
// streams an uninterrupted one would have used, and the checkpoint needs to store no generator state.
import { mulberry32 } from '../random';

export const RANDOM_ALGORITHM = 'fnv1a-seed-mix, mulberry32, fisher-yates';

/** FNV-1a over the purpose and the numbers, so distinct purposes never share a stream. */
export function deriveSeed(seed: number, purpose: string, ...numbers: readonly number[]): number {
  let hash = 0x811c9dc5;
  const mix = (value: number) => {
    hash = Math.imul(hash ^ (value & 0xffff), 0x01000193);
    hash = Math.imul(hash ^ (value >>> 16), 0x01000193);
  };
  mix(seed >>> 0);
  for (let i = 0; i < purpose.length; i++) mix(purpose.charCodeAt(i));
  numbers.forEach((value) => {
    mix(value >>> 0);
  });
  return hash >>> 0;
}

/** 0 .. count - 1 in a random order fixed by the seed (Fisher-Yates). */
export function shuffledOrder(count: number, seed: number): number[] {
  const next = mulberry32(seed);
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i--) {
    // Scaling a [0, 1) draw onto 0..i avoids the modulo's bias towards small values.
    const j = Math.floor(next() * (i + 1));
    swap(order, i, j);
  }
  return order;
}

function swap(values: number[], i: number, j: number): void {
  const a = values[i];
  const b = values[j];
  if (a === undefined || b === undefined)
    throw new RangeError(`Cannot swap ${i} and ${j} of ${values.length}.`);
  values[i] = b;
  values[j] = a;
}

/** The seeds of one epoch's random streams. */
export interface EpochSeeds {
  readonly shuffleSeed: number;
  readonly augmentationSeed: number;
}

export const epochSeeds = (seed: number, epoch: number): EpochSeeds => ({
  shuffleSeed: deriveSeed(seed, 'shuffle', epoch),
  augmentationSeed: deriveSeed(seed, 'augmentation', epoch),
});
