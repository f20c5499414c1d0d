// A workspace as a user has it: a dataset, an app_state.json beside it, and the real `train-studio` CLI
// (dist/cli.js) run in it as a process, as the task provider and the terminal run it.
import fs from 'node:fs';
import path from 'node:path';
import { readCheckpoint } from '../../src/engine/checkpoint';
import { generateClassFolders } from '../fixtures/classFolders';
import { generateFixtures } from '../fixtures/generate';
import { quickAppState } from '../fixtures/quickRun';
import { temporaryFolder } from './support';
import { spawnTrainer } from './trainerProcess';
import type { TrainerProcess } from './trainerProcess';

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');
export const FRAMEWORK_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/frameworks');

export interface Workspace {
  readonly dir: string;
  readonly cacheDir: string;
  /** Writes an app_state.json (or any file) into the workspace and returns its path. */
  write(name: string, content: unknown): string;
  appState(overrides?: Record<string, unknown>, name?: string): string;
  /**
   * `<framework>.app_state.json` training one of test/fixtures/frameworks (their fake `Fake-S` model) on
   * data/objects, two quick epochs; `overrides` replace its top-level fields.
   */
  frameworkAppState(framework: string, overrides?: Record<string, unknown>): string;
  /** Starts `train-studio <args>` in the workspace, with events on stdout when `--events` is among args. */
  cli(args: readonly string[]): TrainerProcess;
  experiments(): string[];
  remove(): void;
}

export function createWorkspace(prefix: string): Workspace {
  const dir = temporaryFolder(prefix);
  const cacheDir = path.join(dir, '.cache');
  generateClassFolders({ seed: 5, outDir: path.join(dir, 'data/shapes'), imagesPerClass: 6, size: 32 });
  // A Supervisely project with boxes and polygons, for the detection frameworks of test/fixtures/frameworks.
  generateFixtures({ seed: 9, outDir: path.join(dir, 'data/objects'), imagesPerDataset: 4, size: 48 });
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return file;
  };
  return {
    dir,
    cacheDir,
    write,
    appState: (overrides = {}, name = 'app_state.json') =>
      write(name, quickAppState('data/shapes', overrides)),
    frameworkAppState: (framework, overrides = {}) =>
      write(
        `${framework}.app_state.json`,
        quickAppState('data/objects/supervisely', {
          framework: path.relative(dir, path.join(FRAMEWORK_FIXTURES, framework)),
          classes: ['square', 'triangle'],
          model: { source: 'Pretrained models', model_name: 'Fake-S' },
          hyperparameters: 'epochs: 2\nbatch_size: 2\nstep_ms: 1\n',
          ...overrides,
        }),
      ),
    cli: (args) =>
      spawnTrainer([CLI, ...args], {
        cwd: dir,
        env: { TRAIN_STUDIO_CACHE: cacheDir },
        events: args.includes('--events'),
      }),
    experiments: () => {
      const root = path.join(dir, 'experiments');
      if (!fs.existsSync(root)) return [];
      return fs
        .readdirSync(root)
        .flatMap((project) =>
          fs.readdirSync(path.join(root, project)).map((run) => path.join(root, project, run)),
        )
        .sort();
    },
    remove: () => {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

/** The experiment folder the CLI printed on its `Experiment:` line. */
export function experimentDirOf(output: string): string {
  const match = /^Experiment: (.+?)( \(failed\))?$/m.exec(output);
  if (!match?.[1]) throw new Error(`no experiment folder in:\n${output}`);
  return match[1];
}

/** The tensor file's content hash of a checkpoint: equal hashes mean bit-identical weights and state. */
export const tensorsOf = (experimentDir: string, name: string) =>
  readCheckpoint(path.join(experimentDir, 'checkpoints', `${name}.json`)).sidecar.tensorFile.sha256;
