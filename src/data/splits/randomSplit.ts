import crypto from 'node:crypto';
import { SPLIT_METHODS } from '../../core/names';
import type { TrainValSplitSettings } from '../../core/schemas';
import type { DatasetIndex, DatasetItem } from '../model';
import { splitField } from './splitError';
import { assembleSplit, compareRefs, SPLIT_SIDES } from './trainValSplit';
import type { TrainValSplit } from './trainValSplit';

export type RandomSplitSettings = Extract<TrainValSplitSettings, { method: typeof SPLIT_METHODS.random }>;

/**
 * Each item's place in the shuffle is the hash of the seed and its ref, so the split depends only on the
 * seed and the set of refs: not on the order a reader listed them, nor on the platform.
 */
function shuffledRefs(refs: readonly string[], seed: number): string[] {
  return refs
    .map((ref) => ({ ref, key: crypto.createHash('sha256').update(`${seed}\n${ref}`).digest() }))
    .sort((a, b) => Buffer.compare(a.key, b.key) || compareRefs(a.ref, b.ref))
    .map(({ ref }) => ref);
}

/**
 * How many items the sized side gets. With two items or more, each side keeps at least one, since a
 * percent strictly between 0 and 100 asks for both sides to exist.
 */
function sizedCount(total: number, percent: number): number {
  const rounded = Math.round((total * percent) / 100);
  return total < 2 ? rounded : Math.min(Math.max(rounded, 1), total - 1);
}

const BACKGROUND_STRATUM = '';

/**
 * The stratum of an image is its rarest class: the one present in the fewest images, ties broken by meta
 * order. Rare classes thus get their share first, and a common class that appears alongside them still
 * lands close to its share, because most of its images are in its own stratum. Images without objects
 * form their own stratum.
 */
function strataOf(index: DatasetIndex): Map<string, string[]> {
  const classesOf = (item: DatasetItem) => new Set(item.objects.map((object) => object.classTitle));
  const imageCounts = new Map<string, number>();
  for (const item of index.items) {
    for (const title of classesOf(item)) imageCounts.set(title, (imageCounts.get(title) ?? 0) + 1);
  }
  const metaOrder = new Map(index.meta.classes.map((cls, position) => [cls.title, position]));
  const rarity = (title: string): readonly [number, number] => [
    imageCounts.get(title) ?? 0,
    metaOrder.get(title) ?? metaOrder.size,
  ];
  const rarer = (a: string, b: string): number => {
    const [countA, orderA] = rarity(a);
    const [countB, orderB] = rarity(b);
    return countA - countB || orderA - orderB || compareRefs(a, b);
  };
  const strata = new Map<string, string[]>();
  for (const item of index.items) {
    const [rarest] = [...classesOf(item)].sort(rarer);
    const key = rarest ?? BACKGROUND_STRATUM;
    const members = strata.get(key) ?? [];
    members.push(item.ref);
    strata.set(key, members);
  }
  return strata;
}

/**
 * Largest-remainder apportionment of `total` over the strata in proportion to their sizes, so the sized
 * side gets exactly the count the unstratified split would.
 */
function apportion(sizes: readonly number[], total: number): number[] {
  const whole = sizes.reduce((sum, size) => sum + size, 0);
  const quotas = sizes.map((size) => (whole === 0 ? 0 : (size * total) / whole));
  const shares = quotas.map(Math.floor);
  const byRemainder = quotas
    .map((quota, position) => ({ position, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => b.remainder - a.remainder || a.position - b.position);
  let left = total - shares.reduce((sum, share) => sum + share, 0);
  while (left > 0) {
    for (const { position } of byRemainder) {
      if (left > 0 && (shares[position] ?? 0) < (sizes[position] ?? 0)) {
        shares[position] = (shares[position] ?? 0) + 1;
        left--;
      }
    }
  }
  return shares;
}

function sizedSideRefs(index: DatasetIndex, settings: RandomSplitSettings): string[] {
  const refs = index.items.map((item) => item.ref);
  const count = sizedCount(refs.length, settings.percent);
  if (!settings.stratify) return shuffledRefs(refs, settings.seed).slice(0, count);
  const strata = [...strataOf(index).entries()].sort(([a], [b]) => compareRefs(a, b));
  const shares = apportion(
    strata.map(([, members]) => members.length),
    count,
  );
  return strata.flatMap(([, members], position) =>
    shuffledRefs(members, settings.seed).slice(0, shares[position] ?? 0),
  );
}

export function randomSplit(index: DatasetIndex, settings: RandomSplitSettings): TrainValSplit {
  const sized = new Set(sizedSideRefs(index, settings));
  const rest = new Set(index.items.map((item) => item.ref).filter((ref) => !sized.has(ref)));
  const sides =
    settings.split === SPLIT_SIDES.train ? { train: sized, val: rest } : { train: rest, val: sized };
  // Each side keeps at least one item once there are two, so only a project that small leaves a side empty.
  return assembleSplit(SPLIT_METHODS.random, index, sides, () => ({
    field: splitField('percent'),
    why: `the project has ${index.items.length} item(s), and a random split needs at least 2`,
  }));
}
