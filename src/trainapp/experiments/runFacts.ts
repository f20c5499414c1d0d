import path from 'node:path';
import {
  BUILTIN_FRAMEWORK,
  CHECKPOINT_NAMES,
  CHECKPOINT_SIDECAR_EXTENSION,
  RUN_STATUSES,
} from '../../core/names';
import type { ExperimentInfo } from '../../core/schemas';
import { listFolder } from '../../data/readers/files';
import { lastCheckpointFile } from './lastCheckpoint';
import { EXPERIMENT_FOLDERS } from './layout';
import { liveLockOwner } from './lockOwner';

// What every surface asks of an experiment folder before it offers an action: whether a process works in
// it, whether it can be resumed, and which checkpoints it has. The tree's menus and the commands behind
// them answer from here, so that an item never offers what its command then refuses.

export interface Checkpoint {
  /** Absolute. */
  readonly file: string;
  readonly name: string;
  readonly best: boolean;
  readonly last: boolean;
}

const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** checkpoints/'s files; none when it cannot be listed, leaving those experiment_info lists. */
function checkpointFilesOnDisk(folder: string): readonly string[] {
  try {
    return listFolder(folder).files;
  } catch {
    return [];
  }
}

/**
 * The checkpoints experiment_info lists and those already in checkpoints/: a running or interrupted run
 * lists none until it finalises, yet its checkpoints can be evaluated, exported and fine-tuned from.
 * Best first, then last, then the others newest first (by the epoch in their names: files on disk have
 * no other order), since the newest are the ones people come back to.
 */
export function checkpointsOf(dir: string, info: ExperimentInfo | undefined): Checkpoint[] {
  const folder = path.join(dir, EXPERIMENT_FOLDERS.checkpoints);
  // The built-in framework's `.bin` weights sit beside their JSON sidecar: the sidecar is the checkpoint.
  const builtin = (info?.framework_name ?? BUILTIN_FRAMEWORK) === BUILTIN_FRAMEWORK;
  const files = new Set([
    ...(info?.checkpoints ?? []).map((relative) => path.resolve(dir, relative)),
    ...checkpointFilesOnDisk(folder)
      .filter((name) => !builtin || path.extname(name) === CHECKPOINT_SIDECAR_EXTENSION)
      .map((name) => path.join(folder, name)),
  ]);
  const rank = (checkpoint: Checkpoint) => (checkpoint.best ? 0 : checkpoint.last ? 1 : 2);
  return [...files]
    .map((file) => {
      const name = path.basename(file);
      return {
        file,
        name,
        best: name === info?.best_checkpoint,
        last: path.parse(name).name === CHECKPOINT_NAMES.last,
      };
    })
    .sort((a, b) => rank(a) - rank(b) || naturalOrder(b.name, a.name));
}

/**
 * A process holds the folder's lock and still lives. This window's own runs are live before their lock
 * is written: callers that know of them add that.
 */
export const isLive = (dir: string): boolean => liveLockOwner(dir) !== undefined;

/** The file name of the `last` checkpoint that resume continues from (the trainer's own rule). */
export function lastCheckpointOf(dir: string): string | undefined {
  const file = lastCheckpointFile(dir);
  return file === undefined ? undefined : path.basename(file);
}

/** Stopped, failed or interrupted (still `running` with nobody running it), with a `last` checkpoint. */
export function isResumable(dir: string, info: ExperimentInfo, live: boolean): boolean {
  return !live && info.status !== RUN_STATUSES.completed && lastCheckpointOf(dir) !== undefined;
}
