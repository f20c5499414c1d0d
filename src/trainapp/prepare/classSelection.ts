import { ClassSelectionError, filterClasses } from '../../data/classFilter';
import type { DatasetIndex } from '../../data/model';
import { RunError } from '../runError';

/** The selected classes and only their objects; an empty selection is every class, never none. */
export function selectClasses(
  index: DatasetIndex,
  selected: readonly string[],
  appStatePath: string,
): DatasetIndex {
  let filtered: DatasetIndex;
  try {
    filtered = filterClasses(index, selected);
  } catch (error) {
    if (!(error instanceof ClassSelectionError)) throw error;
    throw new RunError({
      message: error.message,
      hint: 'Correct the class names in classes (they are case-sensitive), or leave classes empty to train on every class.',
      file: appStatePath,
      field: error.field,
    });
  }
  if (filtered.meta.classes.length === 0) {
    throw new RunError({
      message: `The dataset ${index.root} has no classes, so there is nothing to train.`,
      hint: 'Annotate the dataset first, or point input.project at a labelled dataset.',
      file: appStatePath,
      field: 'input.project',
    });
  }
  return filtered;
}
