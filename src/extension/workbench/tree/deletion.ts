import fs from 'node:fs';
import path from 'node:path';
import { checkpointsOf, readExperimentInfo } from '../../../trainapp/experiments';
import { treeTargetsOf } from '../treeTarget';
import { UserError } from '../userError';
import { exportsOf } from './runFiles';
import { plural, runLabel } from '../words';

// Deleting experiments from the tree: what is asked before (which folders, and what goes with them), what
// is refused (a run still training; anything that is not a run folder), and the removal itself.

export interface DeletionContext {
  /** Absolute: the workspace's experiments folders. Only their run folders can be deleted. */
  readonly experimentsDirs: readonly string[];
  /** A trainer still works in the folder (this window's, or the live process its lock names). */
  isLive(experimentDir: string): boolean;
}

export interface DeletionPlan {
  /** Absolute, each once. */
  readonly dirs: readonly string[];
  /** The modal's question. */
  readonly message: string;
  /** The modal's detail: the folders and what is lost with them. */
  readonly detail: string;
}

/** `<project>/<run>`: how people tell runs apart. */
function isRunFolder(dir: string, experimentsDirs: readonly string[]): boolean {
  const experiments = path.dirname(path.dirname(dir));
  return experimentsDirs.some((root) => path.resolve(root) === experiments);
}

/** What goes with the folder: its checkpoints and exports, counted, for the confirmation. */
function contentsOf(dir: string): string {
  let info;
  try {
    info = readExperimentInfo(dir);
  } catch {
    // A broken folder: still deletable, with what its checkpoints folder holds.
  }
  const checkpoints = checkpointsOf(dir, info).length;
  // Not `exports`: compiled to CommonJS, that name would hide the module's own.
  const exported = exportsOf(dir, info).length;
  const parts = [plural(checkpoints, 'checkpoint'), ...(exported > 0 ? [plural(exported, 'export')] : [])];
  return `${runLabel(dir)} (${parts.join(', ')})`;
}

/** The runs picked: a checkpoint selected beside them names its run too, but was not picked as one. */
export function deletionTargets(clicked: unknown, selected: unknown): string[] {
  return treeTargetsOf(clicked, selected).flatMap((target) =>
    target.checkpointFile === undefined && target.experimentDir !== undefined ? [target.experimentDir] : [],
  );
}

export function planDeletion(targets: readonly string[], context: DeletionContext): DeletionPlan {
  const dirs = [...new Set(targets.map((dir) => path.resolve(dir)))];
  if (dirs.length === 0) {
    throw new UserError(
      'There is no experiment to delete.',
      'Select one or more runs in the Experiments view.',
    );
  }
  const outside = dirs.filter((dir) => !isRunFolder(dir, context.experimentsDirs));
  if (outside.length > 0) {
    throw new UserError(
      `${outside.join(', ')} ${outside.length === 1 ? 'is not an experiment folder' : 'are not experiment folders'}.`,
      'Only run folders (<experiments folder>/<project>/<run>) can be deleted from the Experiments view.',
    );
  }
  const live = dirs.filter((dir) => context.isLive(dir));
  if (live.length > 0) {
    throw new UserError(
      `${live.map(runLabel).join(', ')} ${live.length === 1 ? 'is' : 'are'} still training.`,
      'Stop it first (Stop on the run), then delete it.',
    );
  }
  const existing = dirs.filter((dir) => fs.existsSync(dir));
  if (existing.length === 0) {
    throw new UserError(
      `${dirs.map(runLabel).join(', ')} no longer exists.`,
      'Refresh the Experiments view.',
    );
  }
  const one = existing.length === 1;
  return {
    dirs: existing,
    message: one
      ? `Delete the experiment ${runLabel(existing[0] ?? '')}?`
      : `Delete ${plural(existing.length, 'experiment')}?`,
    detail: [
      ...existing.map(contentsOf),
      '',
      `${one ? 'Its' : 'Their'} checkpoints, exports, logs and evaluation go with ${one ? 'it' : 'them'}: to the trash where the file system has one, otherwise for good.`,
    ].join('\n'),
  };
}

export interface Removers {
  /** Moves the folder to the trash; rejects where the file system has none. */
  trash(dir: string): PromiseLike<void>;
  /** Deletes the folder for good. */
  remove(dir: string): PromiseLike<void>;
}

export interface Removal {
  readonly dir: string;
  readonly trashed: boolean;
}

/** Each folder to the trash, or deleted for good when it cannot go there. */
export async function removeExperiments(dirs: readonly string[], removers: Removers): Promise<Removal[]> {
  const removed: Removal[] = [];
  for (const dir of dirs) {
    try {
      await removers.trash(dir);
      removed.push({ dir, trashed: true });
    } catch {
      await removers.remove(dir);
      removed.push({ dir, trashed: false });
    }
  }
  return removed;
}
