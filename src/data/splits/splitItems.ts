import { SPLIT_METHODS } from '../../core/names';
import type { TrainValSplitSettings } from '../../core/schemas';
import { writeJsonAtomic } from '../atomicWrite';
import type { DatasetIndex } from '../model';
import { collectionsSplit } from './collectionsSplit';
import { datasetsSplit } from './datasetsSplit';
import { randomSplit } from './randomSplit';
import { tagsSplit } from './tagsSplit';
import { toSplitFile } from './trainValSplit';
import type { TrainValSplit } from './trainValSplit';

export interface SplitContext {
  /** The folder relative collection paths start from: the app_state file's folder. */
  readonly baseDir: string;
}

/**
 * Divides the index's items into train and val by `app_state.train_val_split`. Throws SplitError when the
 * settings name something the project lacks or a side comes out empty. Reads collection files only;
 * writes nothing.
 */
export function splitItems(
  index: DatasetIndex,
  settings: TrainValSplitSettings,
  context: SplitContext,
): TrainValSplit {
  switch (settings.method) {
    case SPLIT_METHODS.random:
      return randomSplit(index, settings);
    case SPLIT_METHODS.datasets:
      return datasetsSplit(index, settings);
    case SPLIT_METHODS.tags:
      return tagsSplit(index, settings);
    case SPLIT_METHODS.collections:
      return collectionsSplit(index, settings, context.baseDir);
  }
}

/** Writes `train_val_split.json` (schema TrainValSplitFile). */
export function writeSplitFile(filePath: string, split: TrainValSplit): void {
  writeJsonAtomic(filePath, toSplitFile(split));
}
