import fs from 'node:fs';
import path from 'node:path';
import type { DatasetIndex } from '../../../../data/model';
import { listFolder } from '../../../../data/readers/files';
import { parseCollection } from '../../../../data/splits';

// The collection files a split by collections can use: `*.txt` files in the project folder whose lines
// name items of the project. YOLO keeps its labels in `.txt` files too; their lines never name an item,
// so the same test that finds collections leaves the labels out.

/** The project folder itself and its direct subfolders: where people keep lists, not where labels nest. */
const MAX_DEPTH = 1;
/** Bounds the reading in a folder of thousands of label files. */
const MAX_FILES_READ = 500;
/** A collection of a million items is still well under this. */
const MAX_BYTES = 64 * 1024 * 1024;

function textFilesIn(root: string): string[] {
  const found: string[] = [];
  let level = [root];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let listing;
      try {
        listing = listFolder(dir);
      } catch {
        continue;
      }
      found.push(
        ...listing.files.filter((name) => name.endsWith('.txt')).map((name) => path.join(dir, name)),
      );
      next.push(...listing.folders.map((name) => path.join(dir, name)));
    }
    level = next;
  }
  return found.slice(0, MAX_FILES_READ);
}

function namesAnItem(file: string, refs: ReadonlySet<string>): boolean {
  try {
    if (fs.statSync(file).size > MAX_BYTES) return false;
    return parseCollection(fs.readFileSync(file, 'utf8')).some(({ ref }) => refs.has(ref));
  } catch {
    return false;
  }
}

/**
 * The project's collection files, relative to `baseDir` with `/` separators: as a split by collections
 * names them, since its paths are relative to the app_state's folder.
 */
export function findCollectionFiles(index: DatasetIndex, baseDir: string): string[] {
  const refs = new Set(index.items.map((item) => item.ref));
  return textFilesIn(index.root)
    .filter((file) => namesAnItem(file, refs))
    .map((file) => path.relative(baseDir, file).split(path.sep).join('/'));
}
