import fs from 'node:fs';
import path from 'node:path';
import type { ExperimentInfo } from '../../../core/schemas';
import { describeFsError, isFile, listFolder } from '../../../data/readers/files';
import type { Listing } from '../../../data/readers/files';
import {
  EVALUATION_FILES,
  EXPERIMENT_FILES,
  EXPERIMENT_FOLDERS,
  LOG_FILES,
} from '../../../trainapp/experiments/layout';

// What an experiment folder holds besides its checkpoints (runFacts.ts in trainapp/experiments has those),
// as the tree groups it: exports, logs and the other files. Read when a run is expanded or deleted.

/** TensorBoard's own rule: `events.out.tfevents.<unix seconds>.<host>.<pid>.<n>`. */
const TENSORBOARD_PREFIX = 'events.out.tfevents.';

export interface FolderFiles {
  readonly files: readonly string[];
  /** Why the folder could not be listed; its files are then unknown. */
  readonly problem?: string;
}

function listed(folder: string): Listing | { problem: string } {
  try {
    return listFolder(folder);
  } catch (error) {
    return { problem: `${folder}: ${describeFsError(error)}.` };
  }
}

export interface ExportFile {
  /** The export format, as experiment_info names it (`ONNXRuntime`, `TensorRT`). */
  readonly format: string;
  /** Absolute. */
  readonly file: string;
  readonly exists: boolean;
}

export function exportsOf(dir: string, info: ExperimentInfo | undefined): ExportFile[] {
  return Object.entries(info?.export ?? {}).map(([format, relative]) => {
    const file = path.resolve(dir, relative);
    return { format, file, exists: isFile(file) };
  });
}

export interface LogFiles extends FolderFiles {
  /** The TensorBoard event files among `files`. */
  readonly tensorboard: ReadonlySet<string>;
}

/** train.log, metrics.jsonl, events.jsonl, then TensorBoard's files: absolute, those that exist. */
export function logsOf(dir: string): LogFiles {
  const folder = path.join(dir, EXPERIMENT_FOLDERS.logs);
  const listing = listed(folder);
  if (!('files' in listing)) return { files: [], tensorboard: new Set(), problem: listing.problem };
  const known: readonly string[] = [LOG_FILES.train, LOG_FILES.metrics, LOG_FILES.events];
  const tensorboard = listing.files.filter((name) => name.startsWith(TENSORBOARD_PREFIX));
  const names = [...known.filter((name) => listing.files.includes(name)), ...tensorboard];
  return {
    files: names.map((name) => path.join(folder, name)),
    tensorboard: new Set(tensorboard.map((name) => path.join(folder, name))),
  };
}

const RUN_FILES: readonly string[] = [
  EXPERIMENT_FILES.info,
  EXPERIMENT_FILES.appState,
  EXPERIMENT_FILES.hyperparameters,
  EXPERIMENT_FILES.modelMeta,
  EXPERIMENT_FILES.split,
];

/** The run's own files that exist, then evaluation/'s: absolute. */
export function otherFilesOf(dir: string): FolderFiles {
  const own = RUN_FILES.map((name) => path.join(dir, name)).filter((file) => isFile(file));
  const folder = path.join(dir, EXPERIMENT_FOLDERS.evaluation);
  const listing = listed(folder);
  if (!('files' in listing)) return { files: own, problem: listing.problem };
  return { files: [...own, ...listing.files.map((name) => path.join(folder, name))] };
}

/** What experiment_info's evaluation_report holds when the run has a report: always this one file. */
const REPORT_PATH = `${EXPERIMENT_FOLDERS.evaluation}/${EVALUATION_FILES.report}`;

/**
 * The run's evaluation report, absolute, when experiment_info.json says it has one and the page is there (a
 * new evaluation removes the old page until it writes the next). evaluation_report is a yes/no flag, never
 * a path to open: the page is opened in the OS's default app, so a repository that ships an
 * experiment_info.json naming a script, or a link where the page should be, gets nothing opened.
 */
export function evaluationReportOf(dir: string, info: ExperimentInfo | undefined): string | undefined {
  if (info?.evaluation_report !== REPORT_PATH) return undefined;
  const file = path.join(dir, EXPERIMENT_FOLDERS.evaluation, EVALUATION_FILES.report);
  return isFile(file) && !isLink(file) ? file : undefined;
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** It can be re-run (with the debugger too) from its own copy of the app_state. */
export const hasAppState = (dir: string): boolean => isFile(path.join(dir, EXPERIMENT_FILES.appState));
