import { TASK_TYPES } from '../../core/names';
import type { TaskType } from '../../core/names';
import { CONVERSION_OUTCOMES, classificationLabel } from '../../data/convert';
import type { ConversionResult } from '../../data/convert';
import type { DatasetIndex, DatasetItem, Geometry } from '../../data/model';
import { RunError } from '../runError';
import { countOf } from './listing';
import { taskNeedsSentence } from './taskNeeds';

export interface CoverageInput {
  /** The filtered index before shape conversion. */
  readonly selected: DatasetIndex;
  readonly converted: ConversionResult;
  readonly split: { readonly train: readonly string[]; readonly val: readonly string[] };
  readonly taskType: TaskType;
  readonly appStatePath: string;
}

/** How many train examples each class has: images for classification, objects otherwise. */
function examplesPerClass(items: readonly DatasetItem[], classTitles: readonly string[], taskType: TaskType) {
  const counts = new Map(classTitles.map((title) => [title, 0]));
  const titles = new Set(classTitles);
  const add = (title: string) => {
    counts.set(title, (counts.get(title) ?? 0) + 1);
  };
  for (const item of items) {
    if (taskType === TASK_TYPES.classification) {
      const labelled = classificationLabel(item, titles);
      if ('label' in labelled) add(labelled.label);
    } else {
      for (const object of item.objects) add(object.classTitle);
    }
  }
  return counts;
}

function itemsOf(index: DatasetIndex, refs: readonly string[]): DatasetItem[] {
  const byRef = new Map(index.items.map((item) => [item.ref, item]));
  return refs.flatMap((ref) => byRef.get(ref) ?? []);
}

/** `5 points, dropped (a point has no extent)`, per shape a class had in train before conversion. */
function describeDropped(
  title: string,
  trainItems: readonly DatasetItem[],
  converted: ConversionResult,
): string {
  const shapes = new Map<Geometry['type'], number>();
  for (const item of trainItems) {
    for (const object of item.objects) {
      if (object.classTitle === title)
        shapes.set(object.geometry.type, (shapes.get(object.geometry.type) ?? 0) + 1);
    }
  }
  return [...shapes]
    .map(([shape, count]) => {
      const reasons = converted.report.objects.flatMap((row) =>
        row.classTitle === title && row.shape === shape && row.outcome === CONVERSION_OUTCOMES.dropped
          ? [row.reason]
          : [],
      );
      return `${countOf(count, shape)}, dropped (${[...new Set(reasons)].join('; ')})`;
    })
    .join(', ');
}

/** The subject of a sentence about one class or several. */
function selectedClasses(titles: readonly string[]): string {
  return titles.length === 1 ? 'The selected class has' : 'These selected classes have';
}

/**
 * Every selected class needs examples in train, after conversion: a class without any cannot be learned.
 * When it had objects that conversion dropped, the shapes are at fault, and the message says which and what
 * the task needs; otherwise the class is empty.
 */
export function checkClassCoverage(input: CoverageInput): void {
  const { selected, converted, split, taskType, appStatePath } = input;
  const titles = converted.index.meta.classes.map((cls) => cls.title);
  const trainAfter = examplesPerClass(itemsOf(converted.index, split.train), titles, taskType);
  const missing = titles.filter((title) => (trainAfter.get(title) ?? 0) === 0);
  if (missing.length === 0) return;

  const trainBefore = itemsOf(selected, split.train);
  const before = examplesPerClass(trainBefore, titles, taskType);
  const misfits = missing.filter((title) => (before.get(title) ?? 0) > 0);
  if (misfits.length > 0) {
    throw new RunError({
      message:
        `${selectedClasses(misfits)} no object in the train split that ${taskType} can use: ` +
        `${misfits.map((title) => `'${title}' (${describeDropped(title, trainBefore, converted)})`).join('; ')}. ` +
        taskNeedsSentence(taskType),
      hint: `Deselect ${misfits.map((title) => `'${title}'`).join(', ')} in classes, or choose a model whose task uses these shapes.`,
      file: appStatePath,
      field: 'classes',
    });
  }

  const unit = taskType === TASK_TYPES.classification ? 'image' : 'object';
  const val = examplesPerClass(itemsOf(converted.index, split.val), titles, taskType);
  const whereElse = (title: string) => {
    const inVal = val.get(title) ?? 0;
    return inVal > 0
      ? `its ${countOf(inVal, unit)} ${inVal === 1 ? 'is' : 'are'} all in val`
      : `none in val either`;
  };
  throw new RunError({
    message:
      `${selectedClasses(missing)} no ${unit}s in the train split, so the model cannot learn ${missing.length === 1 ? 'it' : 'them'}: ` +
      `${missing.map((title) => `'${title}' (${whereElse(title)})`).join(', ')}.`,
    hint: `Give train some ${unit}s of ${missing.map((title) => `'${title}'`).join(', ')} (change train_val_split or annotate more images), or deselect ${missing.length === 1 ? 'it' : 'them'} in classes.`,
    file: appStatePath,
    field: 'classes',
  });
}
