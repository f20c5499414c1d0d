import type { TrainValSplitFile } from '../../core/schemas';
import type { DatasetIndex, DatasetItem } from '../model';

/** A named group of items written together: train, val, or every item. */
export interface Subset {
  readonly name: string;
  readonly items: readonly DatasetItem[];
}

/** The split's items, in split order; a ref the index lacks is a mistake of the caller, so it throws. */
export function splitSubsets(index: DatasetIndex, split: TrainValSplitFile): Subset[] {
  const byRef = new Map(index.items.map((item) => [item.ref, item]));
  return (['train', 'val'] as const).map((name) => ({
    name,
    items: split[name].map((ref) => {
      const item = byRef.get(ref);
      if (item === undefined) throw new Error(`The ${name} split names '${ref}', which is not in the index.`);
      return item;
    }),
  }));
}
