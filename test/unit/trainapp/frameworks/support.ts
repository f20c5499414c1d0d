// A FrameworkContext built by hand in a temp folder, as the lifecycle would build it, for running the
// framework fixtures (test/fixtures/frameworks/) for real: modules are required, commands are spawned.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { TrainerEventBody } from '../../../../src/core/events';
import { RunOptions } from '../../../../src/core/schemas';
import { StopController } from '../../../../src/engine/train/stop';
import type { FrameworkContext } from '../../../../src/trainapp/frameworks/contract';
import { createProgressLogger } from '../../../../src/trainapp/frameworks/progressLogger';
import { RunError } from '../../../../src/trainapp/runError';
import type { RunProblem } from '../../../../src/trainapp/runError';
import { REPO_ROOT } from '../../../paths';
import { makeIndex, makeItem } from '../../data/handMadeIndex';

/** Real paths, as esbuild reports them, even where the checkout or the temp folder is under a symlink. */
export const fixtureDir = (name: string) =>
  fs.realpathSync(path.join(REPO_ROOT, 'test', 'fixtures', 'frameworks', name));

/** Five training images and two validation images, never read: the fake models only count them. */
const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => makeItem({ name: `${name}.png` }));
const TRAIN = ITEMS.slice(0, 5);
const VAL = ITEMS.slice(5);

export interface TestRun {
  readonly context: FrameworkContext;
  /** Every event emitted, in order. */
  readonly events: TrainerEventBody[];
  readonly stop: StopController;
}

export interface TestRunOptions {
  readonly hyperparameters?: Readonly<Record<string, unknown>>;
  /** Sees each event as it is emitted: to ask for a stop at a chosen point, for one. */
  readonly onEvent?: (event: TrainerEventBody, run: TestRun) => void;
}

/** Temp folders, each removed by removeTempFolders (call it in after()). */
const tempFolders: string[] = [];

export function tempFolder(prefix = 'train-studio-frameworks-'): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempFolders.push(folder);
  return folder;
}

export function removeTempFolders(): void {
  for (const folder of tempFolders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}

export function makeRun(options: TestRunOptions = {}): TestRun {
  const root = tempFolder();
  const experimentDir = path.join(root, 'experiments', 'project', '1_fake');
  const hyperparameters = options.hyperparameters ?? { epochs: 2, batch_size: 2, step_ms: 1 };
  const events: TrainerEventBody[] = [];
  const stop = new StopController();
  const emit = (event: TrainerEventBody) => {
    events.push(event);
    options.onEvent?.(event, run);
  };
  const context: FrameworkContext = {
    runId: '1_fake',
    paths: {
      experimentDir,
      checkpointsDir: path.join(experimentDir, 'checkpoints'),
      logsDir: path.join(experimentDir, 'logs'),
      workDir: path.join(experimentDir, '.work'),
      projectDir: path.join(root, 'project'),
      frameworkDir: path.join(root, 'framework'),
    },
    taskType: 'object detection',
    classes: ['cat', 'dog'],
    split: { train: TRAIN.map((item) => item.ref), val: VAL.map((item) => item.ref) },
    dataset: {
      format: 'none',
      dir: path.join(root, 'project'),
      index: makeIndex({
        items: ITEMS,
        classes: [
          ['cat', 'rectangle'],
          ['dog', 'rectangle'],
        ],
      }),
      train: TRAIN,
      val: VAL,
    },
    projectVersion: 'test-project-version',
    model: {
      name: 'Fake-S',
      meta: { task_type: 'object detection', arch_type: 'fake', model_files: { checkpoint: 'scratch://' } },
    },
    checkpoint: { kind: 'scratch' },
    hyperparameters,
    hyperparametersText: stringify(hyperparameters),
    options: RunOptions.parse({}),
    logger: createProgressLogger(emit, { backend: 'fake', trainSize: TRAIN.length, valSize: VAL.length }),
    get stopRequested() {
      return stop.stopRequested;
    },
    emit,
    stop,
  };
  const run: TestRun = { context, events, stop };
  return run;
}

export const typesOf = (events: readonly TrainerEventBody[]) => events.map((event) => event.type);

/** The problem of the RunError `action` rejects with; fails the test on anything else. */
export async function problemOf(action: () => Promise<unknown>): Promise<RunProblem & { cause?: unknown }> {
  try {
    await action();
  } catch (error) {
    if (error instanceof RunError) return { ...error.problem, cause: error.cause };
    throw error;
  }
  throw new Error('expected a RunError, but the action succeeded');
}

/** A framework folder written for one test: framework.json from `manifest`, then `files` by name. */
export function writeFramework(
  manifest: Readonly<Record<string, unknown>>,
  files: Readonly<Record<string, string>> = {},
) {
  const dir = tempFolder('train-studio-framework-');
  fs.writeFileSync(path.join(dir, 'framework.json'), JSON.stringify({ name: 'temp', ...manifest }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
