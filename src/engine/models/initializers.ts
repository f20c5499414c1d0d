// Weight initialisation in plain JS rather than tf.randomNormal, so a weight's values depend only on the
// seed and its name: identical on every backend, and unchanged when layers are added or reordered.
import { mulberry32 } from '../random';

/** FNV-1a over the name's UTF-16 code units, mixed with the seed. */
function hashSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) {
    hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** Uniforms in (0, 1), never 0: the engine's mulberry32 shifted by half a step, so a logarithm is safe. */
function uniformSource(state: number): () => number {
  const next = mulberry32(state);
  return () => next() + 2 ** -33;
}

/**
 * Normal values with the given standard deviation, truncated at two deviations as Keras's he_normal does
 * (the 0.8796 factor restores the standard deviation that truncation removes).
 */
function truncatedNormal(seed: number, name: string, count: number, stddev: number): Float32Array {
  const uniform = uniformSource(hashSeed(seed, name));
  const scale = stddev / 0.87962566103423978;
  const values = new Float32Array(count);
  let filled = 0;
  while (filled < count) {
    // Box-Muller; values beyond two deviations are redrawn.
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    for (const z of [radius * Math.cos(angle), radius * Math.sin(angle)]) {
      if (filled < count && Math.abs(z) <= 2) values[filled++] = z * scale;
    }
  }
  return values;
}

/** He (kaiming) normal for a kernel whose outputs each sum `fanIn` inputs. */
export function heNormal(seed: number, name: string, count: number, fanIn: number): Float32Array {
  return truncatedNormal(seed, name, count, Math.sqrt(2 / fanIn));
}
