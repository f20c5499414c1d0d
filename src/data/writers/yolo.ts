import fs from 'node:fs';
import path from 'node:path';
import { TASK_TYPES } from '../../core/names';
import type { TrainValSplitFile } from '../../core/schemas';
import { writeFileAtomic } from '../atomicWrite';
import { boxOf } from '../convert/boxes';
import { isAreaGeometry, NO_PIXELS } from '../convert/rasterize';
import type { DatasetIndex, DatasetItem, DatasetObject, Point } from '../model';
import { OutputFolderError, writeOutputFolder } from './outputFolder';
import { splitSubsets } from './splitSubsets';
import type { Subset } from './splitSubsets';
import { NO_AREA_TO_WRITE } from './writeResult';
import type { SkippedObject } from './writeResult';
import { segmentPolygon } from './yoloSegment';

const YOLO_FORMAT = 'yolo';

export type YoloTaskType = typeof TASK_TYPES.objectDetection | typeof TASK_TYPES.instanceSegmentation;

export interface YoloWriteOptions {
  readonly outDir: string;
  readonly split: TrainValSplitFile;
  /** Boxes (`cls cx cy w h`) for detection, polygons (`cls x1 y1 x2 y2 …`) for instance segmentation. */
  readonly taskType: YoloTaskType;
}

/** Where one item went. */
export interface YoloEntry {
  readonly ref: string;
  readonly split: string;
  /** Relative to outDir. */
  readonly image: string;
  readonly label: string;
}

export const IMAGE_MODES = { linked: 'linked', copied: 'copied' } as const;
export type ImageMode = (typeof IMAGE_MODES)[keyof typeof IMAGE_MODES];

export interface YoloWriteResult {
  readonly outDir: string;
  readonly entries: readonly YoloEntry[];
  /** Symbolic links to the originals, or copies where the system forbids links. */
  readonly images: ImageMode;
  readonly skipped: readonly SkippedObject[];
}

const DECIMALS = 6;

function flatName(name: string): string {
  return name.split('/').join('__');
}

function stemOf(fileName: string): string {
  return path.parse(fileName).name;
}

/**
 * YOLO keeps a split's images in one folder and finds a label by the image's stem, so names must be flat
 * and stems unique. An item keeps its own name unless its stem clashes, then its ref names it; a clash
 * left after that (a.png and a.jpg in one dataset) cannot be resolved without renaming the user's files.
 */
function outputNames(subset: Subset): Map<DatasetItem, string> {
  const countStems = (names: Iterable<string>) => {
    const counts = new Map<string, number>();
    for (const name of names) counts.set(stemOf(name), (counts.get(stemOf(name)) ?? 0) + 1);
    return counts;
  };
  const own = countStems(subset.items.map((item) => flatName(item.name)));
  const names = new Map(
    subset.items.map((item) => {
      const name = flatName(item.name);
      return [item, (own.get(stemOf(name)) ?? 0) > 1 ? flatName(item.ref) : name] as const;
    }),
  );
  const clash = [...countStems(names.values())].find(([, count]) => count > 1);
  if (clash !== undefined) {
    throw new OutputFolderError(
      `Several ${subset.name} images have the stem '${clash[0]}', and YOLO names label files by stem. ` +
        'Rename one of the images in the dataset, or use the COCO format.',
    );
  }
  return names;
}

function format(values: readonly number[]): string {
  return values.map((value) => value.toFixed(DECIMALS)).join(' ');
}

type LineOutcome = { readonly line: string } | { readonly reason: string };

/** A box covers whole pixels: its right edge is at right + 1, in the same convention as COCO's bbox. */
function detectionLine(object: DatasetObject, item: DatasetItem, classIndex: number): LineOutcome {
  const outcome = boxOf(object.geometry, item.width, item.height);
  if ('reason' in outcome) return outcome;
  const { left, top, right, bottom } = outcome.box;
  const width = right - left + 1;
  const height = bottom - top + 1;
  return {
    line: `${classIndex} ${format([
      (left + width / 2) / item.width,
      (top + height / 2) / item.height,
      width / item.width,
      height / item.height,
    ])}`,
  };
}

function segmentLine(object: DatasetObject, item: DatasetItem, classIndex: number): LineOutcome {
  if (!isAreaGeometry(object.geometry)) return { reason: NO_AREA_TO_WRITE };
  const polygon = segmentPolygon(object.geometry, item.width, item.height);
  if (polygon === undefined) return { reason: NO_PIXELS };
  const normalised = polygon.flatMap(([x, y]: Point) => [x / item.width, y / item.height]);
  return { line: `${classIndex} ${format(normalised)}` };
}

function labelLine(
  object: DatasetObject,
  item: DatasetItem,
  classIndex: number | undefined,
  taskType: YoloTaskType,
): LineOutcome {
  if (classIndex === undefined) return { reason: 'its class is not in the project meta' };
  // YOLO has no crowd flag; a crowd region taught as one instance would teach the wrong thing.
  if (object.crowd) return { reason: 'it is a crowd region, which YOLO cannot mark' };
  return taskType === TASK_TYPES.objectDetection
    ? detectionLine(object, item, classIndex)
    : segmentLine(object, item, classIndex);
}

/**
 * Links rather than copies: the output then costs no space and cannot drift from the dataset. Not hard
 * links, which are the same file, so a tool writing to the output image would write to the user's.
 */
function placeImage(source: string, destination: string): ImageMode {
  try {
    fs.symlinkSync(source, destination);
    return IMAGE_MODES.linked;
  } catch (error) {
    // Windows refuses symbolic links without developer mode or admin rights.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    fs.copyFileSync(source, destination);
    return IMAGE_MODES.copied;
  }
}

/** Every string quoted: YAML 1.1 readers (PyYAML) turn a bare `no` or `on` into a boolean. */
function dataYaml(outDir: string, classTitles: readonly string[]): string {
  return [
    '# Written by Train Studio. images/ holds links to the original images; labels/ mirrors it.',
    `path: ${JSON.stringify(outDir)}`,
    'train: images/train',
    'val: images/val',
    'names:',
    ...classTitles.map((title, position) => `  ${position}: ${JSON.stringify(title)}`),
    '',
  ].join('\n');
}

/**
 * Writes the split as a YOLO dataset into `outDir`, replacing it as a whole (see writeOutputFolder):
 * `data.yaml`, `images/<split>/` linking to the originals, and `labels/<split>/<stem>.txt`, empty for a
 * background image. Class indices follow meta order.
 */
export function writeYolo(index: DatasetIndex, options: YoloWriteOptions): YoloWriteResult {
  const outDir = path.resolve(options.outDir);
  const subsets = splitSubsets(index, options.split).map((subset) => ({
    ...subset,
    names: outputNames(subset),
  }));
  const classIndices = new Map(index.meta.classes.map((cls, position) => [cls.title, position]));
  const entries: YoloEntry[] = [];
  const skipped: SkippedObject[] = [];
  let images: ImageMode = IMAGE_MODES.linked;
  writeOutputFolder(outDir, index, YOLO_FORMAT, (folder) => {
    for (const subset of subsets) {
      fs.mkdirSync(path.join(folder, 'images', subset.name), { recursive: true });
      for (const item of subset.items) {
        const name = subset.names.get(item) ?? item.name;
        const image = `images/${subset.name}/${name}`;
        const label = `labels/${subset.name}/${stemOf(name)}.txt`;
        if (placeImage(item.imagePath, path.join(folder, image)) === IMAGE_MODES.copied)
          images = IMAGE_MODES.copied;
        const lines: string[] = [];
        for (const object of item.objects) {
          const outcome = labelLine(object, item, classIndices.get(object.classTitle), options.taskType);
          if ('line' in outcome) lines.push(`${outcome.line}\n`);
          else
            skipped.push({
              ref: item.ref,
              classTitle: object.classTitle,
              shape: object.geometry.type,
              reason: outcome.reason,
            });
        }
        writeFileAtomic(path.join(folder, label), lines.join(''));
        entries.push({ ref: item.ref, split: subset.name, image, label });
      }
    }
    writeFileAtomic(
      path.join(folder, 'data.yaml'),
      dataYaml(
        outDir,
        index.meta.classes.map((cls) => cls.title),
      ),
    );
  });
  return { outDir, entries, images, skipped };
}
