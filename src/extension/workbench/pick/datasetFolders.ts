import path from 'node:path';
import type { DatasetFormat } from '../../../data/model';
import { detectFormat } from '../../../data/readers';
import { listFolder } from '../../../data/readers/files';

// The dataset folders of a workspace, for the project pickers: every folder our readers recognise, found
// breadth-first from the workspace folders. A dataset's own subfolders are not searched (a Supervisely
// dataset's img/ would pass for class folders), nor are experiment folders and installed packages.

export interface DatasetFolder {
  /** Absolute. */
  readonly dir: string;
  readonly format: DatasetFormat;
}

export interface DatasetSearch {
  /** Folders not to look in, such as the experiments folders. */
  readonly skip?: (dir: string) => boolean;
  /** How deep below a workspace folder to look; a workspace folder itself is depth 0. */
  readonly maxDepth?: number;
  /** Stops after this many, so that a huge workspace cannot stall the picker. */
  readonly limit?: number;
}

const NEVER_SEARCHED = new Set(['node_modules']);

/** The format of `dir` when it is a dataset folder; undefined otherwise, whatever the reason. */
export function datasetFormatOf(dir: string): DatasetFormat | undefined {
  try {
    return detectFormat(dir);
  } catch {
    return undefined;
  }
}

function subfolders(dir: string): string[] {
  try {
    return listFolder(dir)
      .folders.filter((name) => !NEVER_SEARCHED.has(name))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

export function findDatasetFolders(roots: readonly string[], search: DatasetSearch = {}): DatasetFolder[] {
  const { skip = () => false, maxDepth = 3, limit = 100 } = search;
  const found: DatasetFolder[] = [];
  let level = roots.map((root) => path.resolve(root));
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (skip(dir)) continue;
      const format = datasetFormatOf(dir);
      if (format !== undefined) {
        found.push({ dir, format });
        if (found.length >= limit) return found;
      } else if (depth < maxDepth) {
        next.push(...subfolders(dir));
      }
    }
    level = next;
  }
  return found;
}
