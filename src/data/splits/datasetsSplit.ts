import { SPLIT_METHODS } from '../../core/names';
import type { TrainValSplitSettings } from '../../core/schemas';
import type { DatasetIndex } from '../model';
import { quoteList, SplitError, splitField } from './splitError';
import { assembleSplit, SPLIT_SIDES } from './trainValSplit';
import type { SplitSide, TrainValSplit } from './trainValSplit';

export type DatasetsSplitSettings = Extract<TrainValSplitSettings, { method: typeof SPLIT_METHODS.datasets }>;

const KEYS = { train: 'train_datasets', val: 'val_datasets' } as const satisfies Record<SplitSide, string>;

function checkNames(index: DatasetIndex, settings: DatasetsSplitSettings): void {
  const known = new Set(index.datasets);
  for (const side of [SPLIT_SIDES.train, SPLIT_SIDES.val]) {
    const unknown = settings[KEYS[side]].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new SplitError(
        `${KEYS[side]} names dataset(s) the project does not have: ${quoteList(unknown)}. ` +
          `Its datasets are: ${quoteList(index.datasets)}.`,
        splitField(KEYS[side]),
      );
    }
  }
  const both = settings.train_datasets.filter((name) => settings.val_datasets.includes(name));
  if (both.length > 0) {
    throw new SplitError(
      `${quoteList(both)} is named in both train_datasets and val_datasets, which would put the same ` +
        'images on both sides. Name each dataset on one side only.',
      splitField(KEYS.val),
    );
  }
}

/** A name covers its dataset and every dataset nested in it. */
function covers(name: string, dataset: string): boolean {
  return dataset === name || dataset.startsWith(`${name}/`);
}

/**
 * The side of an item's dataset: the most specific name that covers it wins, so `train: [a]` with
 * `val: [a/b]` sends a's own images to train and a/b's to val. Names covering one dataset form a chain of
 * ancestors, so the longest is the most specific.
 */
function sideOf(dataset: string, named: ReadonlyMap<string, SplitSide>): SplitSide | undefined {
  let best: string | undefined;
  for (const name of named.keys()) {
    if (covers(name, dataset) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : named.get(best);
}

export function datasetsSplit(index: DatasetIndex, settings: DatasetsSplitSettings): TrainValSplit {
  checkNames(index, settings);
  const named = new Map<string, SplitSide>([
    ...settings.train_datasets.map((name) => [name, SPLIT_SIDES.train] as const),
    ...settings.val_datasets.map((name) => [name, SPLIT_SIDES.val] as const),
  ]);
  const sides = { train: new Set<string>(), val: new Set<string>() };
  for (const item of index.items) {
    const side = sideOf(item.dataset, named);
    if (side !== undefined) sides[side].add(item.ref);
  }
  return assembleSplit(SPLIT_METHODS.datasets, index, sides, (side) => {
    const names = settings[KEYS[side]];
    const covered = index.items.filter((item) => names.some((name) => covers(name, item.dataset)));
    const why =
      covered.length === 0
        ? `the datasets in ${KEYS[side]} (${quoteList(names)}) have no images`
        : `the ${covered.length} image(s) of ${quoteList(names)} are all in nested datasets named in ` +
          `${KEYS[side === SPLIT_SIDES.train ? SPLIT_SIDES.val : SPLIT_SIDES.train]}, which take precedence`;
    return { field: splitField(KEYS[side]), why };
  });
}
