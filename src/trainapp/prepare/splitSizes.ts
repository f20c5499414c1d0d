import type { TaskType } from '../../core/names';
import type { DroppedItem } from '../../data/convert';
import { SPLIT_SIDES } from '../../data/splits';
import type { TrainValSplit } from '../../data/splits';
import { RunError } from '../runError';
import { countOf } from './listing';
import { TASK_NEEDS } from './taskNeeds';

export interface SplitSizesInput {
  /** The split as drawn, before preparation dropped anything. */
  readonly drawn: TrainValSplit;
  /** The split narrowed to the items preparation kept. */
  readonly kept: TrainValSplit;
  readonly droppedItems: readonly DroppedItem[];
  readonly taskType: TaskType;
  readonly batchSize?: number;
  readonly appStatePath: string;
}

/**
 * A side can come out empty only once preparation drops images (classification drops those without a
 * label); the split itself never leaves a side empty.
 */
function checkNoSideEmpty(input: SplitSizesInput): void {
  for (const side of [SPLIT_SIDES.train, SPLIT_SIDES.val]) {
    if (input.kept[side].length > 0) continue;
    const drawn = new Set(input.drawn[side]);
    const [first] = input.droppedItems.filter((item) => drawn.has(item.ref));
    const why = first === undefined ? '' : ` (such as '${first.ref}': ${first.reason})`;
    throw new RunError({
      message:
        `The ${side} split is empty: its ${countOf(drawn.size, 'image')} were all dropped for ${input.taskType}${why}. ` +
        `It needs ${TASK_NEEDS[input.taskType]}.`,
      hint: `Label the ${side} images for the selected classes, select the classes they show, or change train_val_split so that ${side} gets labelled images.`,
      file: input.appStatePath,
      field: 'train_val_split',
    });
  }
}

/** Training takes whole batches; a train split smaller than one would give no step at all. */
function checkOneBatch(input: SplitSizesInput): void {
  const { batchSize } = input;
  const train = input.kept.train.length;
  if (batchSize === undefined || train >= batchSize) return;
  throw new RunError({
    message: `The train split has ${countOf(train, 'image')}, fewer than one batch (batch_size ${batchSize}).`,
    hint: `Set batch_size to ${train} or less in the hyperparameters, or give train at least ${batchSize} images (more data, or a larger train share in train_val_split).`,
    file: input.appStatePath,
    field: 'hyperparameters',
  });
}

export function checkSplitSizes(input: SplitSizesInput): void {
  checkNoSideEmpty(input);
  checkOneBatch(input);
}
