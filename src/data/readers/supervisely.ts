// The Supervisely project folder (FORMATS.md §1): meta.json, then datasets (nested ones in their parent's
// `datasets/` folder), each an `img/` folder of images and an `ann/` folder of `<image name>.json`.
import path from 'node:path';
import { ProjectMeta } from '../../core/schemas';
import type { ClassMeta } from '../../core/schemas';
import { DATASET_FORMATS } from '../model';
import type { DatasetIndex, DatasetItem, DatasetObject } from '../model';
import { ProblemLog } from '../errors';
import type { ReadOptions } from '../errors';
import { checkDeclaredSize, imageSizeOf, listFolder, readJson } from './files';
import { attempt, essential, InvalidData } from './invalidData';
import { objectAt, optionalArrayAt, positiveIntegerAt, tagsAt } from './jsonValues';
import { readSuperviselyObject } from './superviselyObject';
import type { ObjectContext } from './superviselyObject';

export const SUPERVISELY_META_FILE = 'meta.json';
const IMAGE_FOLDER = 'img';
const ANNOTATION_FOLDER = 'ann';
const CHILDREN_FOLDER = 'datasets';
const ANNOTATION_SUFFIX = '.json';
/** A folder is a dataset when it has one of these; the other reserved names never make one. */
const DATASET_MARKERS = new Set([IMAGE_FOLDER, ANNOTATION_FOLDER, CHILDREN_FOLDER]);

interface DatasetFolder {
  readonly name: string;
  readonly dir: string;
}

function formatZodPath(pathItems: readonly PropertyKey[]): string {
  return pathItems
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function readMeta(metaPath: string): ProjectMeta {
  const parsed = ProjectMeta.safeParse(readJson(metaPath));
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new InvalidData(issue?.message ?? 'invalid project meta', {
    where: formatZodPath(issue?.path ?? []),
    hint: 'Fix meta.json, or export the project again.',
  });
}

/** Depth first, so a child comes right after its parent; siblings by name. */
function findDatasets(dir: string, parent: string | undefined, found: DatasetFolder[]): void {
  for (const folder of listFolder(dir).folders) {
    const datasetDir = path.join(dir, folder);
    if (!listFolder(datasetDir).folders.some((name) => DATASET_MARKERS.has(name))) continue;
    const name = parent === undefined ? folder : `${parent}/${folder}`;
    found.push({ name, dir: datasetDir });
    findDatasets(path.join(datasetDir, CHILDREN_FOLDER), name, found);
  }
}

function readItem(
  dataset: DatasetFolder,
  imageName: string,
  annotationPath: string,
  classes: ReadonlyMap<string, ClassMeta>,
  log: ProblemLog,
): DatasetItem {
  const imagePath = path.join(dataset.dir, IMAGE_FOLDER, imageName);
  const annotation = objectAt(readJson(annotationPath), '');
  const size = objectAt(annotation.size, 'size');
  const declared = {
    width: positiveIntegerAt(size.width, 'size.width'),
    height: positiveIntegerAt(size.height, 'size.height'),
  };
  const { width, height } = imageSizeOf(imagePath, { file: annotationPath });
  checkDeclaredSize(declared, { width, height }, 'size');
  const tags = tagsAt(annotation.tags, 'tags');
  const rawObjects = optionalArrayAt(annotation.objects, 'objects');
  const context: ObjectContext = { classes, width, height };
  const objects: DatasetObject[] = [];
  for (let index = 0; index < rawObjects.length; index++) {
    const object = attempt(log, annotationPath, () =>
      readSuperviselyObject(rawObjects[index], context, `objects[${index}]`),
    );
    if (object !== undefined) objects.push(object);
  }
  return {
    ref: `${dataset.name}/${imageName}`,
    dataset: dataset.name,
    name: imageName,
    imagePath,
    width,
    height,
    tags,
    objects,
  };
}

function readDatasetItems(
  dataset: DatasetFolder,
  classes: ReadonlyMap<string, ClassMeta>,
  log: ProblemLog,
): DatasetItem[] {
  const annotationDir = path.join(dataset.dir, ANNOTATION_FOLDER);
  const images = listFolder(path.join(dataset.dir, IMAGE_FOLDER)).files;
  const unmatched = new Set(listFolder(annotationDir).files);
  const items: DatasetItem[] = [];
  for (const imageName of images) {
    const annotationName = `${imageName}${ANNOTATION_SUFFIX}`;
    if (!unmatched.delete(annotationName)) {
      log.report({
        file: path.join(dataset.dir, IMAGE_FOLDER, imageName),
        message: `the image has no annotation file ${ANNOTATION_FOLDER}/${annotationName}`,
        hint: 'Add the annotation (an empty one is {"size": …, "tags": [], "objects": []}), or remove the image.',
      });
      continue;
    }
    const annotationPath = path.join(annotationDir, annotationName);
    const item = attempt(log, annotationPath, () =>
      readItem(dataset, imageName, annotationPath, classes, log),
    );
    if (item !== undefined) items.push(item);
  }
  for (const annotationName of unmatched) {
    if (!annotationName.endsWith(ANNOTATION_SUFFIX)) continue;
    log.report({
      file: path.join(annotationDir, annotationName),
      message: `its image ${IMAGE_FOLDER}/${annotationName.slice(0, -ANNOTATION_SUFFIX.length)} does not exist`,
      hint: 'Restore the image, or delete the annotation.',
    });
  }
  return items;
}

/** The class titles of meta.json, without reading the datasets. */
export function superviselyClassTitles(target: string): string[] {
  const metaPath = path.join(path.resolve(target), SUPERVISELY_META_FILE);
  return essential(metaPath, () => readMeta(metaPath)).classes.map((classMeta) => classMeta.title);
}

export function readSupervisely(target: string, options: ReadOptions = {}): DatasetIndex {
  const root = path.resolve(target);
  const log = new ProblemLog(options.policy ?? 'fail');
  const metaPath = path.join(root, SUPERVISELY_META_FILE);
  const meta = essential(metaPath, () => readMeta(metaPath));
  const classes = new Map(meta.classes.map((classMeta) => [classMeta.title, classMeta]));
  const datasets: DatasetFolder[] = [];
  essential(root, () => {
    findDatasets(root, undefined, datasets);
  });
  const items = datasets.flatMap(
    (dataset) => attempt(log, dataset.dir, () => readDatasetItems(dataset, classes, log)) ?? [],
  );
  return {
    format: DATASET_FORMATS.supervisely,
    root,
    meta,
    datasets: datasets.map((dataset) => dataset.name),
    items,
    problems: log.problems,
  };
}
