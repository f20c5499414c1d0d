import path from 'node:path';
import type { SplitMethod } from '../../core/names';
import type { TrainValSplitSettings } from '../../core/schemas';
import type { DatasetIndex } from '../../data/model';
import { SplitError, splitItems } from '../../data/splits';
import type { TrainValSplit } from '../../data/splits';
import { assembleSplit } from '../../data/splits/trainValSplit';
import { RunError } from '../runError';
import { countOf, quoteSome } from './listing';

/** A run's train_val_split.json, as read back. */
export interface RecordedSplit {
  readonly train: readonly string[];
  readonly val: readonly string[];
}

function splitRunError(error: SplitError, appStatePath: string): RunError {
  return new RunError({
    message: error.message,
    hint: `Correct ${error.field} in the app_state: train and val each need at least one image.`,
    file: appStatePath,
    field: error.field,
  });
}

/** A fresh split by `train_val_split`; collection files are relative to the app_state's folder. */
export function newSplit(
  index: DatasetIndex,
  settings: TrainValSplitSettings,
  appStatePath: string,
): TrainValSplit {
  try {
    return splitItems(index, settings, { baseDir: path.dirname(appStatePath) });
  } catch (error) {
    if (error instanceof SplitError) throw splitRunError(error, appStatePath);
    throw error;
  }
}

/**
 * The split a run recorded, used as it is: a resumed or re-finalised run must see the same items, so it is
 * never drawn again. Every recorded item must still be in the dataset.
 */
export function recordedSplit(
  index: DatasetIndex,
  recorded: RecordedSplit,
  method: SplitMethod,
): TrainValSplit {
  const known = new Set(index.items.map((item) => item.ref));
  const missing = [...new Set([...recorded.train, ...recorded.val])].filter((ref) => !known.has(ref));
  if (missing.length > 0) {
    throw new RunError({
      message: `${countOf(missing.length, 'item')} of the run's recorded train/val split ${missing.length === 1 ? 'is' : 'are'} no longer in the dataset ${index.root}: ${quoteSome(missing)}.`,
      hint: 'The dataset changed since the run was started. Restore the missing images, or start a new run, which splits the dataset as it is now.',
    });
  }
  try {
    return assembleSplit(
      method,
      index,
      { train: new Set(recorded.train), val: new Set(recorded.val) },
      (side) => ({ field: 'train_val_split', why: `the run's recorded split lists no ${side} item` }),
      'as recorded by the run',
    );
  } catch (error) {
    if (!(error instanceof SplitError)) throw error;
    throw new RunError({
      message: `The run's recorded split cannot be used: ${error.message}.`,
      hint: 'The recorded train_val_split.json was changed by hand; restore it, or start a new run.',
    });
  }
}

/** The split narrowed to the items preparation kept (classification drops images without a label). */
export function keepUsed(split: TrainValSplit, used: ReadonlySet<string>): TrainValSplit {
  const isUsed = (ref: string) => used.has(ref);
  return {
    ...split,
    train: split.train.filter(isUsed),
    val: split.val.filter(isUsed),
    overlap: split.overlap.filter(isUsed),
  };
}
