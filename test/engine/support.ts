// Shared set-up for the training tests: a tiny learnable dataset in a temporary folder, small
// hyperparameters, and a trainModel call that records its events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { parseTrainerEvent } from '../../src/core/events';
import type { TrainerEvent, TrainerEventBody, TrainingBackend } from '../../src/core/events';
import { TASK_TYPES } from '../../src/core/names';
import { BuiltinHyperparameters } from '../../src/core/schemas/hyperparameters';
import type { DatasetItem } from '../../src/data/model';
import { readDataset } from '../../src/data/readers';
import { StopController, trainModel } from '../../src/engine/train';
import type { TrainJob, TrainResult } from '../../src/engine/train';
import { generateClassFolders, SHAPE_CLASSES } from '../fixtures/classFolders';

export const TEST_BACKENDS: readonly TrainingBackend[] = ['wasm'];

export function temporaryFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `train-${prefix}-`));
}

export interface ShapesDataset {
  readonly classes: readonly string[];
  readonly train: readonly DatasetItem[];
  readonly val: readonly DatasetItem[];
}

/** Class folders of drawn shapes; every fourth image of each class goes to val. */
export function shapesDataset(folder: string, imagesPerClass: number, seed = 5): ShapesDataset {
  const root = path.join(folder, 'shapes');
  generateClassFolders({ seed, outDir: root, imagesPerClass, size: 32 });
  return readShapesDataset(root);
}

export interface ShapesFolder {
  /** The temporary folder; valid from the first `before` hook on. */
  readonly path: string;
  readonly dataset: ShapesDataset;
  /** A new output folder inside it, one per training run. */
  newOutputDir(): string;
}

/**
 * A temporary folder with a shapesDataset, made in a `before` hook and removed in an `after` hook of the
 * enclosing describe block, or of the whole file if called outside one. Hooks registered later run after its
 * `before`, so they may use it.
 */
export function useShapesFolder(prefix: string, imagesPerClass = 6): ShapesFolder {
  let made: { readonly path: string; readonly dataset: ShapesDataset } | undefined;
  let runs = 0;
  before(() => {
    const folder = temporaryFolder(prefix);
    made = { path: folder, dataset: shapesDataset(folder, imagesPerClass) };
  });
  after(() => {
    if (made) fs.rmSync(made.path, { recursive: true, force: true });
  });
  const ready = () => {
    if (!made) throw new Error(`the ${prefix} folder is used before its before hook ran`);
    return made;
  };
  return {
    get path() {
      return ready().path;
    },
    get dataset() {
      return ready().dataset;
    },
    newOutputDir: () => path.join(ready().path, `run-${String(++runs)}`),
  };
}

/** A dataset shapesDataset generated, read again (by a trainer process). */
export function readShapesDataset(root: string): ShapesDataset {
  const { items } = readDataset(root);
  const isVal = (item: DatasetItem) => Number(/(\d+)\.png$/.exec(item.name)?.[1]) % 4 === 3;
  return { classes: SHAPE_CLASSES, train: items.filter((item) => !isVal(item)), val: items.filter(isVal) };
}

export function hyperparameters(overrides: Record<string, unknown> = {}): BuiltinHyperparameters {
  return BuiltinHyperparameters.parse({
    epochs: 4,
    batch_size: 4,
    input_size: 32,
    optimizer: { lr: 0.003 },
    warmup: { steps: 3 },
    checkpoint_freq: 1,
    seed: 11,
    ...overrides,
  });
}

export function classificationJob(
  dataset: ShapesDataset,
  outputDir: string,
  overrides: Partial<TrainJob> = {},
): TrainJob {
  return {
    runId: 'test',
    task: TASK_TYPES.classification,
    arch: 'cls-s',
    classes: dataset.classes,
    train: dataset.train,
    val: dataset.val,
    hyperparameters: hyperparameters(),
    outputDir,
    backends: TEST_BACKENDS,
    ...overrides,
  };
}

export interface RecordedRun {
  readonly result: TrainResult;
  readonly events: readonly TrainerEvent[];
}

/**
 * Runs trainModel, checking every event against the protocol schema as the trainer process would write
 * it. `onEvent` may request a stop through the controller it is given.
 */
export async function recordTraining(
  job: TrainJob,
  onEvent: (event: TrainerEventBody, stop: StopController) => void = () => undefined,
): Promise<RecordedRun> {
  const stop = new StopController();
  const events: TrainerEvent[] = [];
  const emit = (body: TrainerEventBody) => {
    const parsed = parseTrainerEvent(
      JSON.stringify({ ...body, time: new Date().toISOString(), runId: job.runId }),
    );
    if (!parsed.ok) throw new Error(`${parsed.error} in ${JSON.stringify(body)}`);
    events.push(parsed.value);
    onEvent(body, stop);
  };
  const result = await trainModel(job, { emit, stop });
  return { result, events };
}

export const ofType = <Type extends TrainerEvent['type']>(events: readonly TrainerEvent[], type: Type) =>
  events.filter((event): event is Extract<TrainerEvent, { type: Type }> => event.type === type);

/**
 * A detection or segmentation run on the first 12 of `items` (validated on the rest) with the classes the
 * generated fixtures label as boxes and polygons.
 */
export function trainShapesTask(
  task: typeof TASK_TYPES.objectDetection | typeof TASK_TYPES.semanticSegmentation,
  arch: string,
  items: readonly DatasetItem[],
  outputDir: string,
  epochs: number,
): Promise<RecordedRun> {
  return recordTraining({
    runId: 'tasks',
    task,
    arch,
    classes: ['square', 'triangle'],
    train: items.slice(0, 12),
    val: items.slice(12),
    hyperparameters: hyperparameters({ epochs, input_size: 64 }),
    outputDir,
    backends: TEST_BACKENDS,
  });
}
