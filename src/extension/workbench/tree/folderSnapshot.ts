import fs from 'node:fs';
import path from 'node:path';
import { listFolder } from '../../../data/readers/files';
import {
  EXPERIMENT_FILES,
  EXPERIMENT_FOLDERS,
  experimentPath,
  LOG_FILES,
} from '../../../trainapp/experiments/layout';

// The safety net under the file watcher. A recursive watcher can miss a whole subtree: `mkdir -p
// experiments/<project>/<run>` creates the inner folders before the watcher has added the outer one, so
// nothing under them is ever reported (seen with VS Code's watcher on Linux). A cheap look every few
// seconds at which runs exist, and at the files of the runs still training, catches what it missed.

/** Path → what changes when something there does; two snapshots differ exactly where to refresh. */
export type FolderSnapshot = ReadonlyMap<string, string>;

function stamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${String(stat.mtimeMs)}:${String(stat.size)}`;
  } catch {
    return '-';
  }
}

function names(dir: string): readonly string[] {
  try {
    return listFolder(dir).folders;
  } catch {
    return [];
  }
}

/**
 * Each experiments folder's `<project>/<run>` names, and for each run that may still change (`active`:
 * training, or starting without experiment_info.json yet) its info, lock, checkpoints and latest epoch.
 */
export function snapshotOf(experimentsDirs: readonly string[], active: Iterable<string>): FolderSnapshot {
  const snapshot = new Map<string, string>();
  for (const root of experimentsDirs) {
    const runs = names(root).flatMap((project) =>
      names(path.join(root, project)).map((run) => `${project}/${run}`),
    );
    snapshot.set(root, runs.join('\n'));
  }
  for (const dir of active) {
    const files = [
      experimentPath.info(dir),
      path.join(dir, EXPERIMENT_FILES.lock),
      path.join(dir, EXPERIMENT_FOLDERS.checkpoints),
      experimentPath.log(dir, LOG_FILES.metrics),
    ];
    snapshot.set(dir, files.map(stamp).join(' '));
  }
  return snapshot;
}

/** The paths whose entries differ, or exist in only one of the two. */
export function changedPaths(before: FolderSnapshot, after: FolderSnapshot): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((key) => before.get(key) !== after.get(key));
}
