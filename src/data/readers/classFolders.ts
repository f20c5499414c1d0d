// Classification image folders (FORMATS.md §2): `<root>/<class>/<image>`, or the same inside `train/` and
// `val/`. The label is an image tag named after the class (see Tag in ../model.ts).
import path from 'node:path';
import { SHAPES, TAG_VALUE_TYPES } from '../../core/names';
import { DATASET_FORMATS } from '../model';
import type { DatasetIndex, DatasetItem } from '../model';
import { ProblemLog } from '../errors';
import type { ReadOptions } from '../errors';
import { classColor, derivedMeta } from './derivedMeta';
import { byName, imageSizeOf, isImageName, listFolder } from './files';
import { attempt, essential } from './invalidData';

/** The one dataset of a layout without train/ and val/. */
export const CLASS_FOLDERS_DATASET = 'all';
const SPLITS = ['train', 'val'] as const;
const IMAGES_ONLY = 'imagesOnly';

interface SplitFolder {
  readonly dataset: string;
  readonly dir: string;
}

function hasClassFolders(dir: string): boolean {
  return listFolder(dir).folders.some((folder) => listFolder(path.join(dir, folder)).files.some(isImageName));
}

/** train/ and val/ when either holds class folders; otherwise the root is the one dataset. */
function splitFolders(root: string): SplitFolder[] {
  const splits = SPLITS.map((split) => ({ dataset: split, dir: path.join(root, split) })).filter((split) =>
    hasClassFolders(split.dir),
  );
  return splits.length > 0 ? splits : [{ dataset: CLASS_FOLDERS_DATASET, dir: root }];
}

/** Whether a folder looks like a classification dataset, for format detection. */
export function looksLikeClassFolders(root: string): boolean {
  return splitFolders(root).some((split) => hasClassFolders(split.dir));
}

function readSplit(split: SplitFolder, log: ProblemLog): DatasetItem[] {
  const { files, folders } = listFolder(split.dir);
  for (const stray of files.filter(isImageName)) {
    log.report({
      file: path.join(split.dir, stray),
      message: 'the image is not inside a class folder, so it has no label',
      hint: 'Move it into the folder of its class, or remove it.',
    });
  }
  return folders.flatMap((classTitle) =>
    listFolder(path.join(split.dir, classTitle))
      .files.filter(isImageName)
      .flatMap((file) => {
        const imagePath = path.join(split.dir, classTitle, file);
        const size = attempt(log, imagePath, () => imageSizeOf(imagePath, { file: imagePath }));
        if (size === undefined) return [];
        // The class is part of the name: two classes may each hold a 1.jpg.
        const name = `${classTitle}/${file}`;
        const item: DatasetItem = {
          ref: `${split.dataset}/${name}`,
          dataset: split.dataset,
          name,
          imagePath,
          ...size,
          tags: [{ name: classTitle }],
          objects: [],
        };
        return [item];
      }),
  );
}

/** The class folder names, sorted as readClassFolders sorts them, without reading any image. */
export function classFolderTitles(target: string): string[] {
  const root = path.resolve(target);
  const splits = essential(root, () => splitFolders(root));
  const titles = splits.flatMap((split) =>
    listFolder(split.dir).folders.filter((folder) =>
      listFolder(path.join(split.dir, folder)).files.some(isImageName),
    ),
  );
  return [...new Set(titles)].sort(byName);
}

export function readClassFolders(target: string, options: ReadOptions = {}): DatasetIndex {
  const root = path.resolve(target);
  const log = new ProblemLog(options.policy ?? 'fail');
  const splits = essential(root, () => splitFolders(root));
  const items = splits.flatMap((split) => essential(split.dir, () => readSplit(split, log)));
  const titles = [...new Set(items.map((item) => item.tags[0]?.name ?? ''))].sort(byName);
  const meta = derivedMeta(
    titles.map((title, index) => ({ title, shape: SHAPES.any, color: classColor(index) })),
    titles.map((title, index) => ({
      name: title,
      value_type: TAG_VALUE_TYPES.none,
      color: classColor(index),
      applicable_type: IMAGES_ONLY,
    })),
  );
  return {
    format: DATASET_FORMATS.classFolders,
    root,
    meta,
    datasets: splits.map((split) => split.dataset),
    items,
    problems: log.problems,
  };
}
