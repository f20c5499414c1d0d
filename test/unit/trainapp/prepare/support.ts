// Shared by the prepare tests: generated datasets in a temporary workspace, app_state objects and inputs.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TASK_TYPES } from '../../../../src/core/names';
import { AppState } from '../../../../src/core/schemas';
import { TARGET_FORMATS } from '../../../../src/core/schemas/framework';
import type { PrepareInput } from '../../../../src/trainapp/prepare';
import { RunError } from '../../../../src/trainapp/runError';
import type { RunProblem } from '../../../../src/trainapp/runError';
import { generateClassFolders } from '../../../fixtures/classFolders';
import { generateFixtures } from '../../../fixtures/generate';

/** The fixture classes every task can train on; `dot` (points) has no box and no area. */
export const AREA_CLASSES = ['square', 'donut', 'triangle', 'blob'];
export const CLASS_FOLDER_CLASSES = ['disc', 'ring', 'square', 'triangle'];
export const IMAGES_PER_CLASS = 3;

export interface Workspace {
  readonly root: string;
  /** Where app_state.json lives; datasets are at ../data/<format> from it. */
  readonly dir: string;
  readonly appStatePath: string;
  readonly data: {
    readonly supervisely: string;
    readonly coco: string;
    readonly yolo: string;
    readonly classes: string;
  };
  /** A fresh work folder per call, under experiments/. */
  workDir(): string;
  /** Writes a file beside app_state.json and returns its name, relative to it. */
  writeBeside(name: string, text: string): string;
  remove(): void;
}

export function createWorkspace(): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-prepare-'));
  const dataDir = path.join(root, 'data');
  generateFixtures({ seed: 3, outDir: dataDir, imagesPerDataset: 4, size: 64 });
  const classes = path.join(dataDir, 'classes');
  generateClassFolders({ seed: 3, outDir: classes, imagesPerClass: IMAGES_PER_CLASS, size: 32 });
  const dir = path.join(root, 'workspace');
  fs.mkdirSync(dir);
  let runs = 0;
  return {
    root,
    dir,
    appStatePath: path.join(dir, 'app_state.json'),
    data: {
      supervisely: path.join(dataDir, 'supervisely'),
      coco: path.join(dataDir, 'coco'),
      yolo: path.join(dataDir, 'yolo'),
      classes,
    },
    workDir: () => path.join(dir, 'experiments', 'project', `run${String(++runs)}`, '.work'),
    writeBeside: (name, text) => {
      fs.writeFileSync(path.join(dir, name), text);
      return name;
    },
    remove: () => {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A validated app_state, defaults filled in as the resolve step gives it. */
export function appState(fields: Record<string, unknown>): AppState {
  return AppState.parse({
    input: { project: '../data/supervisely' },
    train_val_split: { method: 'random', percent: 75, seed: 1 },
    model: { source: 'Pretrained models', model_name: 'any' },
    classes: AREA_CLASSES,
    ...fields,
  });
}

export interface LogLine {
  readonly message: string;
  readonly level: 'info' | 'warning';
}

/** An input for the supervisely fixture under detection, with the log collected into `lines`. */
export function inputFor(
  workspace: Workspace,
  fields: Record<string, unknown> = {},
  overrides: Partial<PrepareInput> = {},
  lines: LogLine[] = [],
): PrepareInput {
  return {
    appState: appState(fields),
    appStatePath: workspace.appStatePath,
    taskType: TASK_TYPES.objectDetection,
    targetFormat: TARGET_FORMATS.none,
    workDir: workspace.workDir(),
    hashCacheFile: path.join(workspace.root, 'cache', 'image-hashes.json'),
    log: (message, level = 'info') => {
      lines.push({ message, level });
    },
    ...overrides,
  };
}

/** Runs `action`, which must throw a RunError, and returns its problem. */
export function problemOf(action: () => unknown): RunProblem {
  try {
    action();
  } catch (error) {
    if (error instanceof RunError) return error.problem;
    throw error;
  }
  assert.fail('expected a RunError');
}

/** Every file and link under a folder with a hash of its bytes (or its link target): any write shows. */
export function treeDigest(root: string): Map<string, string> {
  const digest = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full);
      if (entry.isDirectory()) {
        digest.set(`${relative}/`, 'folder');
        visit(full);
      } else if (entry.isSymbolicLink()) {
        digest.set(relative, `link ${fs.readlinkSync(full)}`);
      } else {
        digest.set(relative, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
      }
    }
  };
  visit(root);
  return digest;
}
