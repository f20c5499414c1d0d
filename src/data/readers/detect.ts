// Which format a folder holds, from the files that only that format has.
import fs from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../errors';
import { DATASET_FORMATS } from '../model';
import type { DatasetFormat } from '../model';
import { looksLikeClassFolders } from './classFolders';
import { findCocoFiles, looksLikeCocoJson } from './coco';
import { isFile } from './files';
import { SUPERVISELY_META_FILE } from './supervisely';
import { YOLO_DATA_FILES } from './yolo';

const LOOKED_FOR =
  `${SUPERVISELY_META_FILE} (supervisely), ${YOLO_DATA_FILES.join(' or ')} (yolo), a COCO JSON with images, ` +
  'annotations and categories, here or in annotations/ (coco), and folders of images (class_folders)';
const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

function detectFile(file: string): DatasetFormat {
  if (YAML_EXTENSIONS.has(path.extname(file).toLowerCase())) return DATASET_FORMATS.yolo;
  if (looksLikeCocoJson(file)) return DATASET_FORMATS.coco;
  throw new DatasetError({
    file,
    message:
      'this file is neither a YOLO data.yaml nor a COCO JSON (with images, annotations and categories)',
    hint: 'Pass the dataset folder instead.',
  });
}

/** The format of a dataset folder (or of a data.yaml or COCO JSON given directly); throws DatasetError. */
export function detectFormat(target: string): DatasetFormat {
  const stats = fs.statSync(target, { throwIfNoEntry: false });
  if (stats === undefined) {
    throw new DatasetError({ file: target, message: 'the folder does not exist', hint: 'Check the path.' });
  }
  if (stats.isFile()) return detectFile(target);
  if (isFile(path.join(target, SUPERVISELY_META_FILE))) return DATASET_FORMATS.supervisely;
  if (YOLO_DATA_FILES.some((name) => isFile(path.join(target, name)))) return DATASET_FORMATS.yolo;
  if (findCocoFiles(target).length > 0) return DATASET_FORMATS.coco;
  if (looksLikeClassFolders(target)) return DATASET_FORMATS.classFolders;
  throw new DatasetError({
    file: target,
    message: `no dataset found; looked for ${LOOKED_FOR}`,
    hint: 'Point at the top folder of the dataset, or name its format explicitly.',
  });
}
