// YOLO (FORMATS.md §2): data.yaml names the classes and the train/val images (a folder, a list of them, or
// a .txt list of image paths); each image's labels are in the matching `labels/` path, as a .txt file.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DATASET_FORMATS } from '../model';
import type { DatasetIndex, DatasetItem, DatasetObject } from '../model';
import { ProblemLog } from '../errors';
import type { ReadOptions } from '../errors';
import { derivedClasses, derivedMeta, ShapeTally } from './derivedMeta';
import {
  describeFsError,
  imageSizeOf,
  isFile,
  isFolder,
  isImageName,
  isMissing,
  listFolder,
  readText,
} from './files';
import type { ImageReference } from './files';
import { attempt, essential, InvalidData } from './invalidData';
import { objectAt, stringAt } from './jsonValues';
import type { JsonObject } from './jsonValues';
import { readLabelLine } from './yoloLabels';
import type { LabelContext } from './yoloLabels';

export const YOLO_DATA_FILES: readonly string[] = ['data.yaml', 'data.yml'];
/** The YOLO split names, which become the dataset names. */
const SPLITS = ['train', 'val'] as const;
const LIST_EXTENSION = '.txt';
const NAMES_HINT = 'List the classes under names, as a list or as index: name lines.';

interface YoloImage {
  readonly imagePath: string;
  readonly reference: ImageReference;
}

function yamlFileIn(root: string): string | undefined {
  return YOLO_DATA_FILES.map((name) => path.join(root, name)).find(isFile);
}

function readDataYaml(file: string): JsonObject {
  const document = YAML.parseDocument(readText(file));
  const [error] = document.errors;
  if (error !== undefined) {
    const position = error.linePos?.[0];
    throw new InvalidData(`not valid YAML: ${error.message.split('\n')[0] ?? error.code}`, {
      where: position === undefined ? undefined : `line ${position.line}, column ${position.col}`,
      hint: 'Fix the YAML syntax of data.yaml.',
    });
  }
  return objectAt(document.toJS() as unknown, '');
}

/** `names` as a list, or as a map from class index to name; ordered by index. */
function readNames(value: unknown): Map<number, string> {
  const isList = Array.isArray(value);
  const entries: [string, unknown][] = isList
    ? value.map((name, index) => [String(index), name])
    : value === undefined || value === null
      ? []
      : Object.entries(objectAt(value, 'names'));
  if (entries.length === 0) {
    throw new InvalidData('there are no class names', { where: 'names', hint: NAMES_HINT });
  }
  const titles = new Map<number, string>();
  for (const [key, name] of entries) {
    const where = isList ? `names[${key}]` : `names.${key}`;
    if (!/^\d+$/.test(key)) {
      throw new InvalidData(`the class index '${key}' is not a whole number`, { where, hint: NAMES_HINT });
    }
    if ((typeof name !== 'string' && typeof name !== 'number') || String(name) === '') {
      throw new InvalidData('expected a class name', { where, hint: NAMES_HINT });
    }
    titles.set(Number(key), String(name));
  }
  return new Map([...titles].sort(([a], [b]) => a - b));
}

function imagesUnder(dir: string, reference: ImageReference, found: YoloImage[]): void {
  const { files, folders } = listFolder(dir);
  for (const name of files) if (isImageName(name)) found.push({ imagePath: path.join(dir, name), reference });
  for (const folder of folders) imagesUnder(path.join(dir, folder), reference, found);
}

/** Lines of a .txt image list are relative to the list's folder. */
function imagesListedIn(listFile: string): YoloImage[] {
  const dir = path.dirname(listFile);
  return readText(listFile)
    .split(/\r?\n/)
    .map((line, index) => ({ entry: line.trim(), where: `line ${index + 1}` }))
    .filter(({ entry }) => entry !== '' && !entry.startsWith('#'))
    .map(({ entry, where }) => ({
      imagePath: path.resolve(dir, entry),
      reference: { file: listFile, where },
    }));
}

function splitImages(config: JsonObject, split: string, base: string, yamlPath: string): YoloImage[] {
  const value = config[split];
  const sources = Array.isArray(value) ? value : [value];
  return sources.flatMap((source: unknown, index) => {
    const where = Array.isArray(value) ? `${split}[${index}]` : split;
    const location = path.resolve(base, stringAt(source, where));
    if (location.toLowerCase().endsWith(LIST_EXTENSION) && isFile(location)) return imagesListedIn(location);
    if (!isFolder(location)) {
      throw new InvalidData(`the ${split} images ${location} do not exist`, {
        where,
        hint: `Give ${split} as a folder of images or a .txt list, relative to path (${base}).`,
      });
    }
    const found: YoloImage[] = [];
    imagesUnder(location, { file: yamlPath, where }, found);
    return found;
  });
}

/** YOLO's rule: the last `images` folder of the path becomes `labels`, and the extension `.txt`. */
export function labelPathOf(imagePath: string): string {
  const parts = imagePath.split(path.sep);
  const imagesIndex = parts.lastIndexOf('images', parts.length - 2);
  if (imagesIndex >= 0) parts[imagesIndex] = 'labels';
  const withLabels = parts.join(path.sep);
  return `${withLabels.slice(0, withLabels.length - path.extname(withLabels).length)}${LIST_EXTENSION}`;
}

/** The label file's text, or undefined when there is none: an image without labels is a background image. */
function labelText(labelPath: string): string | undefined {
  try {
    return fs.readFileSync(labelPath, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new InvalidData(`cannot read the label file: ${describeFsError(error)}`, { file: labelPath });
  }
}

function readImage(
  image: YoloImage,
  split: string,
  titles: ReadonlyMap<number, string>,
  tally: ShapeTally,
  log: ProblemLog,
): DatasetItem {
  const name = path.basename(image.imagePath);
  const { width, height } = imageSizeOf(image.imagePath, image.reference);
  const labelPath = labelPathOf(image.imagePath);
  const lines = labelText(labelPath)?.split('\n') ?? [];
  const context: LabelContext = { titles, width, height };
  const objects: DatasetObject[] = [];
  for (let index = 0; index < lines.length; index++) {
    const object = attempt(log, labelPath, () => readLabelLine(lines[index] ?? '', index + 1, context));
    if (object === undefined) continue;
    tally.add(object.classTitle, object.geometry.type);
    objects.push(object);
  }
  return {
    ref: `${split}/${name}`,
    dataset: split,
    name,
    imagePath: image.imagePath,
    width,
    height,
    tags: [],
    objects,
  };
}

interface YoloSource {
  readonly yamlPath: string;
  readonly root: string;
}

function locate(target: string): YoloSource {
  if (isFile(target)) return { yamlPath: target, root: path.dirname(target) };
  const yamlPath = yamlFileIn(target);
  if (yamlPath === undefined) {
    throw new InvalidData('there is no data.yaml', {
      hint: 'Add a data.yaml with path, train, val and names.',
    });
  }
  return { yamlPath, root: target };
}

/** The class names of data.yaml, in index order, without reading images or labels. */
export function yoloClassTitles(target: string): string[] {
  const { yamlPath } = essential(path.resolve(target), () => locate(path.resolve(target)));
  return essential(yamlPath, () => [...readNames(readDataYaml(yamlPath).names).values()]);
}

/** Reads a YOLO dataset from its folder, or from its data.yaml given directly. */
export function readYolo(target: string, options: ReadOptions = {}): DatasetIndex {
  const log = new ProblemLog(options.policy ?? 'fail');
  const { yamlPath, root } = essential(path.resolve(target), () => locate(path.resolve(target)));
  const { config, titles, base, splits } = essential(yamlPath, () => {
    const config = readDataYaml(yamlPath);
    const titles = readNames(config.names);
    const base = path.resolve(
      path.dirname(yamlPath),
      config.path === undefined ? '.' : stringAt(config.path, 'path'),
    );
    if (!isFolder(base)) {
      throw new InvalidData(`the dataset folder ${base} does not exist`, {
        where: 'path',
        hint: 'Set path to the dataset folder, relative to data.yaml (path: . for the same folder).',
      });
    }
    const splits = SPLITS.filter((split) => config[split] !== undefined && config[split] !== null);
    if (splits.length === 0) {
      throw new InvalidData('neither train nor val is given', { hint: 'Add train: and val: to data.yaml.' });
    }
    return { config, titles, base, splits };
  });
  const tally = new ShapeTally();
  const seen = new Set<string>();
  const items: DatasetItem[] = [];
  for (const split of splits) {
    const images = attempt(log, yamlPath, () => splitImages(config, split, base, yamlPath)) ?? [];
    for (const image of images) {
      const item = attempt(log, image.imagePath, () => {
        if (seen.has(`${split}/${path.basename(image.imagePath)}`)) {
          throw new InvalidData(`another ${split} image has the same file name`, {
            hint: 'Rename one of them: items are identified by split and file name.',
          });
        }
        return readImage(image, split, titles, tally, log);
      });
      if (item === undefined) continue;
      seen.add(item.ref);
      items.push(item);
    }
  }
  const meta = derivedMeta(derivedClasses([...titles.values()], (title) => tally.shapeOf(title)));
  return { format: DATASET_FORMATS.yolo, root, meta, datasets: splits, items, problems: log.problems };
}
