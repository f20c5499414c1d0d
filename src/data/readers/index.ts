// The entry point of the readers: any supported dataset into one DatasetIndex (../model.ts).
import fs from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../errors';
import type { ReadOptions } from '../errors';
import { DATASET_FORMATS } from '../model';
import type { DatasetFormat, DatasetIndex } from '../model';
import { classFolderTitles, readClassFolders } from './classFolders';
import { cocoClassTitles, readCoco } from './coco';
import { detectFormat } from './detect';
import { readSupervisely, superviselyClassTitles } from './supervisely';
import { readYolo, yoloClassTitles } from './yolo';

export { CLASS_FOLDERS_DATASET, readClassFolders } from './classFolders';
export { readCoco } from './coco';
export { detectFormat } from './detect';
export { readSupervisely } from './supervisely';
export { labelPathOf, readYolo } from './yolo';

export interface ReadDatasetOptions extends ReadOptions {
  /** Skips detection; reading then fails if the folder is not in this format. */
  readonly format?: DatasetFormat;
}

const READERS: Readonly<Record<DatasetFormat, (target: string, options: ReadOptions) => DatasetIndex>> = {
  [DATASET_FORMATS.supervisely]: readSupervisely,
  [DATASET_FORMATS.coco]: readCoco,
  [DATASET_FORMATS.yolo]: readYolo,
  [DATASET_FORMATS.classFolders]: readClassFolders,
};

/**
 * Reads a dataset folder (or a YOLO data.yaml or COCO JSON file) into an index. Bad data throws one
 * DatasetError under the `fail` policy (the default), or is left out and listed in `problems` under `skip`.
 */
export function readDataset(target: string, options: ReadDatasetOptions = {}): DatasetIndex {
  const absolute = path.resolve(target);
  if (!fs.existsSync(absolute)) {
    throw new DatasetError({ file: absolute, message: 'the folder does not exist', hint: 'Check the path.' });
  }
  const format = options.format ?? detectFormat(absolute);
  return READERS[format](absolute, options);
}

const CLASS_TITLE_READERS: Readonly<Record<DatasetFormat, (target: string) => string[]>> = {
  [DATASET_FORMATS.supervisely]: superviselyClassTitles,
  [DATASET_FORMATS.coco]: cocoClassTitles,
  [DATASET_FORMATS.yolo]: yoloClassTitles,
  [DATASET_FORMATS.classFolders]: classFolderTitles,
};

/**
 * The class titles of a dataset, in the order its index would list them, read from its meta alone (no
 * image is opened): for checks that run while the user types. Throws DatasetError like readDataset.
 */
export function readClassTitles(target: string, options: { readonly format?: DatasetFormat } = {}): string[] {
  const absolute = path.resolve(target);
  return CLASS_TITLE_READERS[options.format ?? detectFormat(absolute)](absolute);
}
