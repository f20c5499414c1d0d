import path from 'node:path';
import { TASK_TYPES } from '../../core/names';
import type { TaskType } from '../../core/names';
import type { TrainValSplitFile } from '../../core/schemas';
import { TARGET_FORMATS } from '../../core/schemas/framework';
import type { TargetFormat } from '../../core/schemas/framework';
import type { DatasetIndex } from '../../data/model';
import { OutputFolderError, writeCoco, writeYolo } from '../../data/writers';
import type { SkippedObject, YoloTaskType } from '../../data/writers';
import { RunError } from '../runError';
import { countOf } from './listing';

/** The converted dataset's folder inside the run's work folder. */
export const CONVERTED_DATASET_FOLDER = 'dataset';

/**
 * The tasks whose labels each format holds as Train Studio writes it: COCO instances carry boxes and masks
 * (no image labels, and the writer has no keypoints), YOLO boxes and segments.
 */
const FORMAT_TASKS: Readonly<Record<TargetFormat, readonly TaskType[]>> = {
  [TARGET_FORMATS.coco]: [
    TASK_TYPES.objectDetection,
    TASK_TYPES.instanceSegmentation,
    TASK_TYPES.semanticSegmentation,
  ],
  [TARGET_FORMATS.yolo]: [TASK_TYPES.objectDetection, TASK_TYPES.instanceSegmentation],
  [TARGET_FORMATS.none]: Object.values(TASK_TYPES),
};

function isYoloTask(taskType: TaskType): taskType is YoloTaskType {
  return FORMAT_TASKS[TARGET_FORMATS.yolo].includes(taskType);
}

/** Fails before any data is read when the framework's format cannot carry the model's labels. */
export function checkTargetFormat(
  targetFormat: TargetFormat,
  taskType: TaskType,
  frameworkFile?: string,
): void {
  const tasks = FORMAT_TASKS[targetFormat];
  if (tasks.includes(taskType)) return;
  throw new RunError({
    message: `The framework trains from ${targetFormat} data (its target_format), which cannot hold ${taskType} labels; it holds ${tasks.join(' and ')} only.`,
    hint: `Choose a model whose task is ${tasks.join(' or ')}, or set target_format to 'none' in the framework's framework.json and read the data from the index it is given.`,
    ...(frameworkFile === undefined ? {} : { file: frameworkFile, field: 'target_format' }),
  });
}

/** One warning per class and reason: a writer may skip many objects for the same cause. */
function describeSkipped(skipped: readonly SkippedObject[], format: TargetFormat): string[] {
  const counts = new Map<string, number>();
  for (const object of skipped) {
    const key = `'${object.classTitle}' ${object.shape}: ${object.reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(
    ([what, count]) => `${countOf(count, 'object')} left out of the ${format} data, class ${what}.`,
  );
}

export interface WriteTargetInput {
  readonly index: DatasetIndex;
  readonly split: TrainValSplitFile;
  readonly targetFormat: TargetFormat;
  readonly taskType: TaskType;
  readonly workDir: string;
}

export interface WrittenTarget {
  /** The converted dataset, or the user's own folder for `none`. */
  readonly dir: string;
  readonly warnings: readonly string[];
}

function write(input: WriteTargetInput, outDir: string): readonly SkippedObject[] {
  const { index, split, taskType } = input;
  if (input.targetFormat === TARGET_FORMATS.coco) return writeCoco(index, { outDir, split }).skipped;
  // checkTargetFormat has already refused other tasks; this narrows the type for the writer.
  if (!isYoloTask(taskType)) throw new Error(`YOLO data cannot hold ${taskType} labels`);
  return writeYolo(index, { outDir, split, taskType }).skipped;
}

/** Writes the data in the framework's format into the work folder; `none` hands over the user's folder. */
export function writeTargetFormat(input: WriteTargetInput): WrittenTarget {
  if (input.targetFormat === TARGET_FORMATS.none) return { dir: input.index.root, warnings: [] };
  const outDir = path.join(input.workDir, CONVERTED_DATASET_FOLDER);
  try {
    return { dir: outDir, warnings: describeSkipped(write(input, outDir), input.targetFormat) };
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    throw new RunError({
      message: error.message,
      hint: `The ${input.targetFormat} copy of the dataset is written to ${outDir}, which Train Studio replaces as a whole; do what the message says, then start the run again.`,
    });
  }
}
