import type { SplitMethod } from '../../core/names';
import type { TrainValSplitFile } from '../../core/schemas';
import type { DatasetIndex } from '../model';
import { SplitError } from './splitError';

export const SPLIT_SIDES = { train: 'train', val: 'val' } as const;
export type SplitSide = (typeof SPLIT_SIDES)[keyof typeof SPLIT_SIDES];

/** The items each side gets, as `DatasetItem.ref`s, sorted so that the same split always reads the same. */
export interface TrainValSplit {
  readonly method: SplitMethod;
  readonly train: readonly string[];
  readonly val: readonly string[];
  /**
   * Items in both train and val. Only the tags and collections methods can produce them, from the data
   * itself, and they are kept on both sides with a warning; see README.md.
   */
  readonly overlap: readonly string[];
  /** Items in neither side: untagged under `ignore`, or in no named dataset or collection. */
  readonly unassigned: readonly string[];
  /** Sentences for the run log. */
  readonly warnings: readonly string[];
}

export interface SideSets {
  readonly train: ReadonlySet<string>;
  readonly val: ReadonlySet<string>;
}

/** Where an empty side is reported, and why it came out empty for this method. */
export interface EmptySideExplanation {
  readonly field: string;
  readonly why: string;
}

/** Code-unit order, not locale order: the split file must not depend on the machine's language. */
export function compareRefs(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const MAX_LISTED_OVERLAP = 10;

function describeOverlap(overlap: readonly string[], cause: string): string {
  const listed = overlap.slice(0, MAX_LISTED_OVERLAP).join(', ');
  const more = overlap.length > MAX_LISTED_OVERLAP ? ` and ${overlap.length - MAX_LISTED_OVERLAP} more` : '';
  return (
    `${overlap.length} item(s) are in both train and val (${cause}), so val scores will be optimistic: ` +
    `${listed}${more}.`
  );
}

/**
 * Turns the two sides a method chose into a split: rejects an empty side with the method's explanation,
 * and lists what landed on both sides or on neither.
 */
export function assembleSplit(
  method: SplitMethod,
  index: DatasetIndex,
  sides: SideSets,
  explainEmpty: (side: SplitSide) => EmptySideExplanation,
  /** Why an item can land on both sides; only the methods that allow it pass one. */
  overlapCause?: string,
): TrainValSplit {
  for (const side of [SPLIT_SIDES.train, SPLIT_SIDES.val]) {
    if (sides[side].size === 0) {
      const { field, why } = explainEmpty(side);
      throw new SplitError(`${side} is empty: ${why}`, field);
    }
  }
  const refs = index.items.map((item) => item.ref).sort(compareRefs);
  const train = refs.filter((ref) => sides.train.has(ref));
  const val = refs.filter((ref) => sides.val.has(ref));
  const overlap = train.filter((ref) => sides.val.has(ref));
  const unassigned = refs.filter((ref) => !sides.train.has(ref) && !sides.val.has(ref));
  const warnings = overlap.length === 0 ? [] : [describeOverlap(overlap, overlapCause ?? 'by the split')];
  return { method, train, val, overlap, unassigned, warnings };
}

/** What `train_val_split.json` records: the two lists, nothing else. */
export function toSplitFile(split: TrainValSplit): TrainValSplitFile {
  return { train: [...split.train], val: [...split.val] };
}
