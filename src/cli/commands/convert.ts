import fs from 'node:fs';
import path from 'node:path';
import { TASK_TYPES } from '../../core/names';
import type { TrainValSplitFile } from '../../core/schemas';
import { ClassSelectionError, filterClasses } from '../../data/classFilter';
import { convertForTask, formatConversionReport } from '../../data/convert';
import { DatasetError } from '../../data/errors';
import { DATASET_FORMATS } from '../../data/model';
import type { DatasetIndex } from '../../data/model';
import { isInsideFolder, realPathOf } from '../../data/paths';
import { readDataset } from '../../data/readers';
import { IMAGE_MODES, OutputFolderError, writeCoco, writeYolo } from '../../data/writers';
import type { SkippedObject, YoloTaskType } from '../../data/writers';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const TARGETS = ['coco', 'yolo'] as const;
type Target = (typeof TARGETS)[number];

/** The labels written: boxes, or masks (COCO segmentation, YOLO polygons). Both formats carry both. */
const TASKS: Readonly<Record<string, YoloTaskType>> = {
  detection: TASK_TYPES.objectDetection,
  segmentation: TASK_TYPES.instanceSegmentation,
};
/** COCO holds masks and boxes together, so it keeps the most by default; YOLO is mostly used for boxes. */
const DEFAULT_TASK: Readonly<Record<Target, string>> = { coco: 'segmentation', yolo: 'detection' };

const USAGE = [
  'Usage: train-studio convert <dataset> --to coco|yolo --out <dir> [--classes a,b,c]',
  '                            [--task detection|segmentation]',
  '',
  'Converts a dataset Train Studio reads (Supervisely, COCO, YOLO) to COCO or YOLO in a new folder; the',
  'dataset itself is only read. Prints what was written: images, objects per class, and which shapes were',
  'converted or dropped, and why.',
  '',
  '  --to coco|yolo    the format to write',
  '  --out <dir>       a new or empty folder outside the dataset',
  "  --classes a,b,c   only these classes, in the dataset's order (default: every class)",
  '  --task <task>     detection (boxes) or segmentation (masks, polygons); default: segmentation for',
  '                    coco, detection for yolo',
  '',
  'Images of a dataset named val, valid or validation (val2017 too) form the val split, all others train:',
  'COCO then writes train.json and val.json (otherwise one annotations.json), YOLO images/{train,val}.',
  "COCO's file_name points at the original images; YOLO's images are symbolic links to them. Everything is",
  'written into a temporary folder beside --out and renamed into place at the end, so a failure leaves',
  'nothing behind. Exits 1 for a problem with the dataset or the folders (the message names the file and',
  'the fix), 2 for bad usage.',
].join('\n');

interface ConvertArgs {
  readonly source: string;
  readonly out: string;
  readonly to: Target;
  readonly task: YoloTaskType;
  readonly classes: readonly string[];
}

type Parsed = ConvertArgs | { readonly help: true } | { readonly usageError: string };

const isTarget = (value: string): value is Target => (TARGETS as readonly string[]).includes(value);

function readArgs(args: readonly string[], cwd: string): Parsed {
  const parsed = parseCommandArgs(args, {
    to: { type: 'string' },
    out: { type: 'string' },
    classes: { type: 'string' },
    task: { type: 'string' },
  });
  if (!parsed.ok) return { usageError: parsed.reason };
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [source, extra] = positionals;
  if (source === undefined) return { usageError: 'name the dataset to convert' };
  if (extra !== undefined) return { usageError: `one dataset at a time ('${source}', then '${extra}')` };
  if (values.to === undefined) return { usageError: 'say which format to write with --to coco or --to yolo' };
  if (!isTarget(values.to)) return { usageError: `--to takes coco or yolo, not '${values.to}'` };
  if (values.out === undefined) return { usageError: 'name the output folder with --out <dir>' };
  const taskName = values.task ?? DEFAULT_TASK[values.to];
  const task = TASKS[taskName];
  if (task === undefined) {
    return { usageError: `--task takes ${Object.keys(TASKS).join(' or ')}, not '${taskName}'` };
  }
  const classes = (values.classes ?? '')
    .split(',')
    .map((title) => title.trim())
    .filter((title) => title !== '');
  if (values.classes !== undefined && classes.length === 0) {
    return { usageError: '--classes names no class; leave it out to convert every class' };
  }
  return {
    source: path.resolve(cwd, source),
    out: path.resolve(cwd, values.out),
    to: values.to,
    task,
    classes,
  };
}

/** A problem the user fixes in the data or the folders: exit 1, no stack trace. */
class ConvertProblem extends Error {}

/** Before anything is read: the output folder must be new or empty and outside the dataset. */
function checkOutputFolder(source: string, out: string): void {
  if (isInsideFolder(realPathOf(out), realPathOf(source))) {
    throw new ConvertProblem(
      `The output folder ${out} is inside the dataset ${source}, and convert never writes into a dataset. ` +
        'Choose an --out folder outside it.',
    );
  }
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) {
    throw new ConvertProblem(`The output path ${out} is a file. Choose a new or empty folder for --out.`);
  }
  if (fs.readdirSync(out).length > 0) {
    throw new ConvertProblem(
      `The output folder ${out} is not empty, and convert never replaces files. Choose a new or empty folder for --out.`,
    );
  }
}

function readSource(source: string): DatasetIndex {
  let index: DatasetIndex;
  try {
    index = readDataset(source);
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    throw new ConvertProblem(error.message);
  }
  if (index.format === DATASET_FORMATS.classFolders) {
    throw new ConvertProblem(
      `${index.root} holds class folders: each image has a class but no object, and COCO and YOLO files ` +
        'hold objects. Train a classification model on the folder as it is instead.',
    );
  }
  return index;
}

function selectClasses(index: DatasetIndex, classes: readonly string[]): DatasetIndex {
  try {
    return filterClasses(index, classes);
  } catch (error) {
    if (!(error instanceof ClassSelectionError)) throw error;
    // The message speaks of app_state's `classes`, which is --classes here.
    throw new ConvertProblem(`--${error.message}`);
  }
}

/** val2017, valid, Validation: a dataset whose first name says it is for validation. */
const VAL_DATASET = /^val(id|idation)?\d*$/i;

function splitByDatasetName(index: DatasetIndex): TrainValSplitFile {
  const split: TrainValSplitFile = { train: [], val: [] };
  for (const item of index.items) {
    const side = VAL_DATASET.test(item.dataset.split('/')[0] ?? '') ? split.val : split.train;
    side.push(item.ref);
  }
  return split;
}

interface Written {
  readonly files: readonly string[];
  readonly skipped: readonly SkippedObject[];
  readonly images: string;
}

function write(index: DatasetIndex, target: ConvertArgs, split: TrainValSplitFile): Written {
  if (target.to === 'coco') {
    const result = writeCoco(index, { outDir: target.out, ...(split.val.length > 0 ? { split } : {}) });
    return {
      files: result.files,
      skipped: result.skipped,
      images: 'file_name is the path of the original image, relative to the annotation file',
    };
  }
  const result = writeYolo(index, { outDir: target.out, split, taskType: target.task });
  return {
    files: ['data.yaml', 'images/', 'labels/'],
    skipped: result.skipped,
    images:
      result.images === IMAGE_MODES.linked
        ? 'images/ holds symbolic links to the original images'
        : 'images/ holds copies of the original images (this system forbids symbolic links)',
  };
}

function writeOutput(index: DatasetIndex, target: ConvertArgs, split: TrainValSplitFile): Written {
  try {
    return write(index, target, split);
  } catch (error) {
    if (error instanceof OutputFolderError) throw new ConvertProblem(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    // `ENOTDIR: not a directory`, without the syscall and temporary path node appends.
    const reason = (error as Error).message.split(',')[0] ?? code;
    throw new ConvertProblem(
      `Cannot write ${target.out} (${reason}). Nothing was written; choose an --out folder you can write to.`,
    );
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function summary(
  source: DatasetIndex,
  converted: ReturnType<typeof convertForTask>,
  target: ConvertArgs,
  split: TrainValSplitFile,
  written: Written,
): string[] {
  const { index, report } = converted;
  const titles = index.meta.classes.map((cls) => cls.title);
  const perClass = new Map(titles.map((title) => [title, 0]));
  for (const object of index.items.flatMap((item) => item.objects)) {
    perClass.set(object.classTitle, (perClass.get(object.classTitle) ?? 0) + 1);
  }
  const leftOut = new Map<string, { readonly object: SkippedObject; readonly count: number }>();
  for (const object of written.skipped) {
    perClass.set(object.classTitle, (perClass.get(object.classTitle) ?? 0) - 1);
    const key = JSON.stringify([object.classTitle, object.shape, object.reason]);
    leftOut.set(key, { object, count: (leftOut.get(key)?.count ?? 0) + 1 });
  }
  const width = Math.max(0, ...titles.map((title) => title.length));
  const objects = [...perClass.values()].reduce((sum, count) => sum + count, 0);
  const splitText =
    target.to === 'yolo' || split.val.length > 0
      ? `: ${split.train.length} train, ${split.val.length} val`
      : '';
  const emptyVal =
    target.to === 'yolo' && split.val.length === 0
      ? [
          'Note         val is empty: no dataset is named val, valid or validation, and YOLO trainers expect val images',
        ]
      : [];
  return [
    `Converted ${source.root} (${source.format}) to ${target.to} for ${report.taskType}.`,
    `Written      ${target.out}: ${written.files.join(', ')}`,
    `Images       ${index.items.length}${splitText}; ${written.images}`,
    ...emptyVal,
    `Classes      ${titles.length}`,
    `Objects      ${objects}`,
    ...titles.map((title) => `  ${title.padEnd(width)}  ${perClass.get(title) ?? 0}`),
    ...formatConversionReport(report),
    ...(leftOut.size === 0
      ? []
      : [
          `Left out by the ${target.to} writer:`,
          ...[...leftOut.values()].map(
            ({ object, count }) =>
              `  ${object.classTitle}: ${plural(count, object.shape)} left out, ${object.reason}`,
          ),
        ]),
  ];
}

/** `train-studio convert`: exit 0 when written, 1 for a problem with the data or folders, 2 for bad usage. */
export function convert(args: readonly string[], context: CliContext): number {
  const parsed = readArgs(args, context.cwd);
  if ('help' in parsed) {
    context.out(USAGE);
    return 0;
  }
  if ('usageError' in parsed) return usageError(context, 'convert', parsed.usageError, USAGE);
  try {
    checkOutputFolder(parsed.source, parsed.out);
    const source = readSource(parsed.source);
    const converted = convertForTask(selectClasses(source, parsed.classes), parsed.task);
    const split = splitByDatasetName(converted.index);
    const written = writeOutput(converted.index, parsed, split);
    for (const line of summary(source, converted, parsed, split, written)) context.out(line);
    return 0;
  } catch (error) {
    if (!(error instanceof ConvertProblem)) throw error;
    context.err(`train-studio convert: ${error.message}`);
    return 1;
  }
}
