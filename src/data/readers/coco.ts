// COCO instances JSON (FORMATS.md §2): one dataset per annotation file, found in the folder or its
// `annotations/` folder (or given directly), with its images beside it or in a folder named after it.
import fs from 'node:fs';
import path from 'node:path';
import { DATASET_FORMATS } from '../model';
import type { DatasetIndex, DatasetItem, DatasetObject, Geometry, Point, PolygonRings } from '../model';
import { ProblemLog } from '../errors';
import type { ReadOptions } from '../errors';
import { decodeRleCropped, RleError } from '../rle';
import { derivedClasses, derivedMeta, ShapeTally } from './derivedMeta';
import { checkDeclaredSize, imageSizeOf, isFile, listFolder, readJson } from './files';
import { checkInsideImage } from './imageBounds';
import { attempt, essential, InvalidData } from './invalidData';
import { arrayAt, integerAt, isObject, numberAt, objectAt, positiveIntegerAt, stringAt } from './jsonValues';
import type { JsonObject } from './jsonValues';

export const ANNOTATIONS_FOLDER = 'annotations';
const JSON_EXTENSION = '.json';
/** COCO's own files are called instances_<split>.json; the split is the better dataset name. */
const INSTANCES_PREFIX = 'instances_';
const SNIFF_BYTES = 4096;
const COCO_KEYS = /"(images|annotations|categories)"\s*:/;
const POLYGON_MINIMUM_NUMBERS = 6;

/** Cheap enough to run on every JSON file of a folder: the top-level keys of a COCO file come early. */
export function looksLikeCocoJson(file: string): boolean {
  if (!file.toLowerCase().endsWith(JSON_EXTENSION)) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const text = head.toString('utf8', 0, fs.readSync(fd, head, 0, SNIFF_BYTES, 0));
    return text.trimStart().startsWith('{') && COCO_KEYS.test(text);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The COCO files of a folder: its own, then those in annotations/, each group by name. */
export function findCocoFiles(root: string): string[] {
  return [root, path.join(root, ANNOTATIONS_FOLDER)].flatMap((dir) =>
    listFolder(dir)
      .files.map((name) => path.join(dir, name))
      .filter(looksLikeCocoJson),
  );
}

function datasetNameOf(jsonPath: string): string {
  const stem = path.basename(jsonPath, path.extname(jsonPath));
  return stem.startsWith(INSTANCES_PREFIX) && stem.length > INSTANCES_PREFIX.length
    ? stem.slice(INSTANCES_PREFIX.length)
    : stem;
}

function imageFolderFor(
  jsonPath: string,
  root: string,
  dataset: string,
  sampleFileName: string | undefined,
): string {
  const jsonDir = path.dirname(jsonPath);
  const candidates = [
    jsonDir,
    path.join(jsonDir, 'images'),
    root,
    path.join(root, 'images'),
    path.join(root, dataset),
    path.join(root, 'images', dataset),
  ];
  if (sampleFileName === undefined) return jsonDir;
  return candidates.find((dir) => isFile(path.join(dir, sampleFileName))) ?? jsonDir;
}

interface CocoImage {
  readonly item: Omit<DatasetItem, 'objects'>;
  readonly objects: DatasetObject[];
}

/** Shared by every file of the dataset: classes are merged by name in the order first met. */
interface Classes {
  readonly titles: string[];
  readonly tally: ShapeTally;
}

function readCategories(
  file: JsonObject,
  jsonPath: string,
  classes: Classes,
  log: ProblemLog,
): Map<number, string> {
  const byId = new Map<number, string>();
  const list = arrayAt(file.categories, 'categories');
  for (let index = 0; index < list.length; index++) {
    attempt(log, jsonPath, () => {
      const where = `categories[${index}]`;
      const category = objectAt(list[index], where);
      const id = integerAt(category.id, `${where}.id`);
      const name = stringAt(category.name, `${where}.name`);
      if (name === '') throw new InvalidData('the category name is empty', { where: `${where}.name` });
      if (byId.has(id)) {
        throw new InvalidData(`the category id ${id} is used twice`, {
          where: `${where}.id`,
          hint: 'Give every category its own id.',
        });
      }
      byId.set(id, name);
      if (!classes.titles.includes(name)) classes.titles.push(name);
    });
  }
  return byId;
}

function polygonRings(value: unknown, where: string): PolygonRings {
  const numbers = arrayAt(value, where);
  if (numbers.length < POLYGON_MINIMUM_NUMBERS || numbers.length % 2 !== 0) {
    throw new InvalidData(
      `a polygon needs an even number (at least 6) of coordinates, found ${numbers.length}`,
      {
        where,
        hint: 'Fix or remove the polygon.',
      },
    );
  }
  const exterior: Point[] = [];
  for (let index = 0; index < numbers.length; index += 2) {
    exterior.push([
      numberAt(numbers[index], `${where}[${index}]`),
      numberAt(numbers[index + 1], `${where}[${index + 1}]`),
    ]);
  }
  return { exterior, interior: [] };
}

function rleGeometry(segmentation: JsonObject, image: CocoImage, where: string): Geometry {
  const size = arrayAt(segmentation.size, `${where}.size`);
  const height = integerAt(size[0], `${where}.size[0]`);
  const width = integerAt(size[1], `${where}.size[1]`);
  if (height !== image.item.height || width !== image.item.width) {
    throw new InvalidData(
      `the RLE size [${height}, ${width}] is not the image size [${image.item.height}, ${image.item.width}]`,
      { where: `${where}.size`, hint: 'Re-encode the mask at the image size.' },
    );
  }
  const counts = segmentation.counts;
  if (typeof counts !== 'string' && !Array.isArray(counts)) {
    throw new InvalidData('expected RLE counts as a string or an array of numbers', {
      where: `${where}.counts`,
    });
  }
  let placed;
  try {
    placed = decodeRleCropped({ size: [height, width], counts: counts as number[] | string });
  } catch (error) {
    if (!(error instanceof RleError)) throw error;
    throw new InvalidData(`the RLE cannot be decoded: ${error.message}`, {
      where: `${where}.counts`,
      hint: 'Re-encode the mask, or remove the annotation.',
    });
  }
  if (placed === undefined) {
    throw new InvalidData('the mask has no pixels set', {
      where: `${where}.counts`,
      hint: 'Remove the empty annotation.',
    });
  }
  return { type: 'bitmap', origin: placed.origin, mask: placed.mask };
}

/** `bbox` is [x, y, width, height] counting whole pixels, so the inclusive right edge is x + width - 1. */
function boxGeometry(annotation: JsonObject, where: string): Geometry {
  const bbox = arrayAt(annotation.bbox, `${where}.bbox`);
  if (bbox.length !== 4) {
    throw new InvalidData(`expected bbox [x, y, width, height], found ${bbox.length} numbers`, {
      where: `${where}.bbox`,
    });
  }
  const [x, y, width, height] = bbox.map((value, index) => numberAt(value, `${where}.bbox[${index}]`));
  const left = Math.round(x ?? 0);
  const top = Math.round(y ?? 0);
  const right = Math.round((x ?? 0) + (width ?? 0)) - 1;
  const bottom = Math.round((y ?? 0) + (height ?? 0)) - 1;
  if (right < left || bottom < top) {
    throw new InvalidData(`the box [${bbox.join(', ')}] has zero size`, {
      where: `${where}.bbox`,
      hint: 'Remove the annotation, or give it a width and height of at least one pixel.',
    });
  }
  return { type: 'rectangle', left, top, right, bottom };
}

/** Polygons when there are some, RLE when it is an object, else the box. */
function annotationGeometry(annotation: JsonObject, image: CocoImage, where: string): Geometry {
  const segmentation = annotation.segmentation;
  const segmentationWhere = `${where}.segmentation`;
  if (Array.isArray(segmentation) && segmentation.length > 0) {
    const parts = segmentation.map((ring, index) => polygonRings(ring, `${segmentationWhere}[${index}]`));
    const [only] = parts;
    return parts.length === 1 && only !== undefined
      ? { type: 'polygon', ...only }
      : { type: 'multipolygon', parts };
  }
  if (isObject(segmentation)) return rleGeometry(segmentation, image, segmentationWhere);
  return boxGeometry(annotation, where);
}

function readImages(
  file: JsonObject,
  jsonPath: string,
  root: string,
  dataset: string,
  log: ProblemLog,
): { byId: Map<number, CocoImage>; dropped: Set<number> } {
  const list = arrayAt(file.images, 'images');
  const sample = list.find((entry) => isObject(entry) && typeof entry.file_name === 'string') as
    { file_name: string } | undefined;
  const imageDir = imageFolderFor(jsonPath, root, dataset, sample?.file_name);
  const byId = new Map<number, CocoImage>();
  const dropped = new Set<number>();
  for (let index = 0; index < list.length; index++) {
    const where = `images[${index}]`;
    const entry = list[index];
    const image = attempt(log, jsonPath, (): CocoImage => {
      const fields = objectAt(entry, where);
      const id = integerAt(fields.id, `${where}.id`);
      if (byId.has(id)) throw new InvalidData(`the image id ${id} is used twice`, { where: `${where}.id` });
      const name = stringAt(fields.file_name, `${where}.file_name`);
      const imagePath = path.join(imageDir, name);
      const size = imageSizeOf(imagePath, { file: jsonPath, where: `${where}.file_name` });
      if (fields.width !== undefined || fields.height !== undefined) {
        const declared = {
          width: positiveIntegerAt(fields.width, `${where}.width`),
          height: positiveIntegerAt(fields.height, `${where}.height`),
        };
        checkDeclaredSize(declared, size, where);
      }
      const item = { ref: `${dataset}/${name}`, dataset, name, imagePath, ...size, tags: [] };
      const image: CocoImage = { item, objects: [] };
      byId.set(id, image);
      return image;
    });
    if (image === undefined && isObject(entry) && Number.isInteger(entry.id)) dropped.add(entry.id as number);
  }
  return { byId, dropped };
}

function readCocoFile(jsonPath: string, root: string, classes: Classes, log: ProblemLog): DatasetItem[] {
  const dataset = datasetNameOf(jsonPath);
  const file = objectAt(readJson(jsonPath), '');
  const categories = readCategories(file, jsonPath, classes, log);
  const { byId, dropped } = readImages(file, jsonPath, root, dataset, log);
  const annotations = arrayAt(file.annotations, 'annotations');
  for (let index = 0; index < annotations.length; index++) {
    attempt(log, jsonPath, () => {
      const where = `annotations[${index}]`;
      const annotation = objectAt(annotations[index], where);
      const imageId = integerAt(annotation.image_id, `${where}.image_id`);
      const image = byId.get(imageId);
      // The image's own problem is already reported; its annotations go with it.
      if (image === undefined && dropped.has(imageId)) return;
      if (image === undefined) {
        throw new InvalidData(`the image id ${imageId} is not in images`, {
          where: `${where}.image_id`,
          hint: 'Fix image_id, or add the image to images.',
        });
      }
      const categoryId = integerAt(annotation.category_id, `${where}.category_id`);
      const classTitle = categories.get(categoryId);
      if (classTitle === undefined) {
        throw new InvalidData(`the category id ${categoryId} is not in categories`, {
          where: `${where}.category_id`,
          hint: 'Add the category to categories, or fix category_id.',
        });
      }
      const geometry = annotationGeometry(annotation, image, where);
      checkInsideImage(geometry, image.item.width, image.item.height, where);
      classes.tally.add(classTitle, geometry.type);
      const crowd = annotation.iscrowd === 1 || annotation.iscrowd === true;
      image.objects.push({ classTitle, geometry, tags: [], crowd });
    });
  }
  return [...byId.values()].map(({ item, objects }) => ({ ...item, objects }));
}

interface CocoSource {
  readonly root: string;
  readonly files: readonly string[];
}

function locate(target: string): CocoSource {
  if (isFile(target)) {
    // COCO's own layout keeps the JSON files in annotations/, beside the image folders.
    const folder = path.dirname(target);
    const root = path.basename(folder) === ANNOTATIONS_FOLDER ? path.dirname(folder) : folder;
    return { root, files: [target] };
  }
  const files = findCocoFiles(target);
  if (files.length === 0) {
    throw new InvalidData(
      'no COCO annotation file (a JSON with images, annotations and categories) was found',
      {
        hint: `Put it in the folder or in ${ANNOTATIONS_FOLDER}/, or pass the JSON file itself.`,
      },
    );
  }
  return { root: target, files };
}

/** The category names of the COCO files, in order, without reading images or annotations. */
export function cocoClassTitles(target: string): string[] {
  const absolute = path.resolve(target);
  const { files } = essential(absolute, () => locate(absolute));
  const classes: Classes = { titles: [], tally: new ShapeTally() };
  const log = new ProblemLog('fail');
  for (const jsonPath of files) {
    essential(jsonPath, () => readCategories(objectAt(readJson(jsonPath), ''), jsonPath, classes, log));
  }
  return classes.titles;
}

/** Reads a folder of COCO files, or one COCO JSON file given directly. */
export function readCoco(target: string, options: ReadOptions = {}): DatasetIndex {
  const log = new ProblemLog(options.policy ?? 'fail');
  const absolute = path.resolve(target);
  const { root, files } = essential(absolute, () => locate(absolute));
  const classes: Classes = { titles: [], tally: new ShapeTally() };
  const datasets = files.map(datasetNameOf);
  const items = files.flatMap(
    (jsonPath) => attempt(log, jsonPath, () => readCocoFile(jsonPath, root, classes, log)) ?? [],
  );
  const meta = derivedMeta(derivedClasses(classes.titles, (title) => classes.tally.shapeOf(title)));
  return { format: DATASET_FORMATS.coco, root, meta, datasets, items, problems: log.problems };
}
