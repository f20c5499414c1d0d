import path from 'node:path';
import type { TaskType } from '../../core/names';
import type { AppState, ProjectMeta } from '../../core/schemas';
import type { TargetFormat } from '../../core/schemas/framework';
import { DatasetError } from '../../data/errors';
import { hashData } from '../../data/hash';
import type { DatasetIndex, DatasetItem } from '../../data/model';
import { toSplitFile } from '../../data/splits';
import type { TrainValSplit } from '../../data/splits';
import type { PreparedDataset } from '../frameworks/contract';
import { checkCheckpointClasses } from './checkpointClasses';
import { checkClassCoverage } from './classCoverage';
import { selectClasses } from './classSelection';
import { checkDiskSpace, statfsFreeBytes } from './diskSpace';
import type { FreeBytes } from './diskSpace';
import { checkWorkDirOutsideProject, datasetRunError, readProject } from './projectFolder';
import { keepUsed, newSplit, recordedSplit } from './runSplit';
import type { RecordedSplit } from './runSplit';
import { fitShapes } from './shapeFit';
import { checkSplitSizes } from './splitSizes';
import { checkTargetFormat, writeTargetFormat } from './targetFormat';

type PrepareLog = (message: string, level?: 'info' | 'warning') => void;

export interface PrepareInput {
  /** Already schema-validated, defaults filled in. */
  readonly appState: AppState;
  /** Absolute; relative paths in app_state resolve from its folder. */
  readonly appStatePath: string;
  /** The model's task. */
  readonly taskType: TaskType;
  /** The framework's. */
  readonly targetFormat: TargetFormat;
  /** The framework's framework.json, named in a message about its target_format; absent for the built-in one. */
  readonly frameworkFile?: string;
  /** <experiment>/.work: the only place prepare writes, besides hashCacheFile. */
  readonly workDir: string;
  /** Known for the built-in framework; enables the one-batch check. */
  readonly batchSize?: number;
  /** The classes of the checkpoint training starts from (a Custom-models one, or the run's own when resuming). */
  readonly checkpointClasses?: readonly string[];
  /**
   * options.reinitialize_head: a fine-tune whose classes differ from the checkpoint's starts the class head
   * afresh instead of failing. Never relaxes a resume.
   */
  readonly allowClassChange?: boolean;
  /** A resume: the class list must equal the checkpoint's exactly. */
  readonly resuming?: boolean;
  /** Resume or finalize: this split is used as it is, never drawn again. */
  readonly recordedSplit?: RecordedSplit;
  /** hashData's image-hash cache, outside the dataset. */
  readonly hashCacheFile: string;
  /** Free bytes on the disk holding a folder; defaults to fs.statfsSync. */
  readonly freeBytes?: FreeBytes;
  readonly log: PrepareLog;
}

export interface PreparedRun {
  readonly projectDir: string;
  /** The dataset folder's name: experiments/<project name>/. */
  readonly projectName: string;
  /** The trained classes, in meta order (an empty selection is every class). */
  readonly classes: readonly string[];
  /** The items trained and validated on: those preparation kept. */
  readonly split: TrainValSplit;
  /** The project meta reduced to the trained classes, after shape conversion: model_meta.json. */
  readonly modelMeta: ProjectMeta;
  readonly dataset: PreparedDataset;
  /** hashData over the items used. */
  readonly projectVersion: string;
  readonly warnings: readonly string[];
}

function hashItems(items: readonly DatasetItem[], root: string, cacheFile: string): string {
  try {
    return hashData(items, { root, cacheFile });
  } catch (error) {
    if (error instanceof DatasetError) throw datasetRunError(error);
    throw error;
  }
}

/** What preflight establishes: everything the run needs, checked, and nothing written yet. */
interface Plan {
  readonly project: DatasetIndex;
  readonly classes: readonly string[];
  readonly split: TrainValSplit;
  readonly converted: DatasetIndex;
  readonly train: readonly DatasetItem[];
  readonly val: readonly DatasetItem[];
}

function checkpointWarning(input: PrepareInput, project: DatasetIndex, classes: readonly string[]) {
  if (input.checkpointClasses === undefined) return undefined;
  return checkCheckpointClasses({
    checkpoint: input.checkpointClasses,
    selected: classes,
    projectClasses: project.meta.classes.map((cls) => cls.title),
    resuming: input.resuming ?? false,
    reinitializeHead: input.allowClassChange ?? false,
    appStatePath: input.appStatePath,
  });
}

/** Every check that can fail a run, in the order a user would fix them; reads the dataset, writes nothing. */
function preflight(input: PrepareInput, warn: (message: string) => void): Plan {
  const { appState, appStatePath, taskType, log } = input;
  checkTargetFormat(input.targetFormat, taskType, input.frameworkFile);
  const project = readProject(appState.input.project, appStatePath);
  checkWorkDirOutsideProject(input.workDir, project.root, appStatePath);
  log(
    `Dataset: ${project.format} at ${project.root}, ${project.items.length} images, ${project.meta.classes.length} classes.`,
  );

  const selected = selectClasses(project, appState.classes, appStatePath);
  const classes = selected.meta.classes.map((cls) => cls.title);
  const warning = checkpointWarning(input, project, classes);
  if (warning !== undefined) warn(warning);

  const drawn =
    input.recordedSplit === undefined
      ? newSplit(project, appState.train_val_split, appStatePath)
      : recordedSplit(project, input.recordedSplit, appState.train_val_split.method);
  const converted = fitShapes(selected, taskType, appState.options.convert_class_shapes, appStatePath, log);
  const split = keepUsed(drawn, new Set(converted.index.items.map((item) => item.ref)));
  checkSplitSizes({
    drawn,
    kept: split,
    droppedItems: converted.report.droppedItems,
    taskType,
    ...(input.batchSize === undefined ? {} : { batchSize: input.batchSize }),
    appStatePath,
  });
  checkClassCoverage({ selected, converted, split, taskType, appStatePath });

  const byRef = new Map(converted.index.items.map((item) => [item.ref, item]));
  const itemsOf = (refs: readonly string[]) => refs.flatMap((ref) => byRef.get(ref) ?? []);
  const plan = {
    project,
    classes,
    split,
    converted: converted.index,
    train: itemsOf(split.train),
    val: itemsOf(split.val),
  };
  checkDiskSpace({
    items: usedItems(plan),
    targetFormat: input.targetFormat,
    workDir: input.workDir,
    freeBytes: input.freeBytes ?? statfsFreeBytes,
  });
  return plan;
}

/** Train and val, each item once: an item on both sides is read and converted once. */
function usedItems(plan: Pick<Plan, 'train' | 'val'>): DatasetItem[] {
  return [...new Set([...plan.train, ...plan.val])];
}

/**
 * Preflight, then prepare: every check that can fail runs before anything is written, and each failure is
 * one RunError naming the culprit and the fix. Then the data is converted into the work folder when the
 * framework asks for a format. The user's dataset is only ever read.
 */
export function prepareRun(input: PrepareInput): PreparedRun {
  const { log } = input;
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    log(message, 'warning');
  };
  const plan = preflight(input, warn);
  const { project, split, converted, train, val } = plan;

  for (const warning of split.warnings) warn(warning);
  if (split.unassigned.length > 0) log(`${split.unassigned.length} images are in neither train nor val.`);
  log(
    `Split (${split.method}): ${split.train.length} train, ${split.val.length} val; classes: ${plan.classes.join(', ')}.`,
  );

  const projectVersion = hashItems(usedItems(plan), project.root, input.hashCacheFile);
  const written = writeTargetFormat({
    index: converted,
    split: toSplitFile(split),
    targetFormat: input.targetFormat,
    taskType: input.taskType,
    workDir: input.workDir,
  });
  for (const warning of written.warnings) warn(warning);

  return {
    projectDir: project.root,
    projectName: path.basename(project.root),
    classes: plan.classes,
    split,
    modelMeta: converted.meta,
    dataset: { format: input.targetFormat, dir: written.dir, index: converted, train, val },
    projectVersion,
    warnings,
  };
}
