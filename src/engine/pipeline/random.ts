// Augmentation randomness. Each item draws from a stream of its own, seeded by (epoch seed, item index)
// alone, so what happens to an image cannot depend on which batch it lands in, on the prefetch depth or on
// the order in which concurrent decodes finish.
import { mulberry32 } from '../random';

/** splitmix32's finaliser: spreads every input bit over the whole 32-bit output. */
function mix32(value: number): number {
  let mixed = value | 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

/** The random stream of one item in one epoch. */
export function itemRandom(seed: number, index: number): () => number {
  return mulberry32(mix32(mix32(seed) + Math.imul(index, 0x9e3779b9)));
}
