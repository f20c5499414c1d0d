import path from 'node:path';
import { SHAPES } from '../../core/names';
import type { TrainValSplitFile } from '../../core/schemas';
import { writeFileAtomic } from '../atomicWrite';
import {
  countPixels,
  isAreaGeometry,
  NO_PIXELS,
  objectPixels,
  placedBounds,
  rasterizeGeometry,
} from '../convert/rasterize';
import type { AreaGeometry, PixelBounds } from '../convert/rasterize';
import type { DatasetIndex, DatasetItem, DatasetObject } from '../model';
import { compressRleCounts, encodeRle } from '../rle';
import { writeOutputFolder } from './outputFolder';
import { splitSubsets } from './splitSubsets';
import type { Subset } from './splitSubsets';
import { NO_AREA_TO_WRITE } from './writeResult';
import type { SkippedObject } from './writeResult';
import { posixRelative } from '../paths';

const COCO_FORMAT = 'coco';
/** The subset written when no split is given: every item, in `annotations.json`. */
export const COCO_ALL_ITEMS = 'annotations';

export interface CocoWriteOptions {
  readonly outDir: string;
  /** Writes `train.json` and `val.json`; without it, one `annotations.json` holds every item. */
  readonly split?: TrainValSplitFile;
}

export interface CocoWriteResult {
  readonly outDir: string;
  /** The annotation files, relative to outDir. */
  readonly files: readonly string[];
  readonly skipped: readonly SkippedObject[];
}

interface CompressedRle {
  readonly size: readonly [height: number, width: number];
  readonly counts: string;
}

type Segmentation = readonly (readonly number[])[] | CompressedRle;

interface CocoAnnotation {
  readonly id: number;
  readonly image_id: number;
  readonly category_id: number;
  readonly bbox: readonly [x: number, y: number, width: number, height: number];
  readonly area: number;
  readonly segmentation: Segmentation;
  readonly iscrowd: 0 | 1;
}

/**
 * Polygon lists where they are exact: a polygon without holes keeps its vertices, and a rectangle becomes
 * the outline of its pixels. Holes, multipolygons and bitmaps become RLE (compressed, to keep files small)
 * of exactly the pixels our rasteriser draws, so nothing is lost.
 */
function segmentationOf(geometry: AreaGeometry, item: DatasetItem, pixels: PixelBounds): Segmentation {
  if (geometry.type === SHAPES.rectangle) {
    const { left, top, right, bottom } = pixels;
    return [[left, top, right + 1, top, right + 1, bottom + 1, left, bottom + 1]];
  }
  if (geometry.type === SHAPES.polygon && geometry.interior.length === 0) return [geometry.exterior.flat()];
  const rle = encodeRle(rasterizeGeometry(geometry, item.width, item.height));
  return { size: rle.size, counts: compressRleCounts(rle.counts) };
}

type AnnotationOutcome =
  { readonly annotation: Omit<CocoAnnotation, 'id' | 'image_id'> } | { readonly reason: string };

/** bbox is the inclusive pixel bounds of the drawn pixels and area their count, the same convention. */
function annotationOf(
  object: DatasetObject,
  item: DatasetItem,
  categoryId: number | undefined,
): AnnotationOutcome {
  if (categoryId === undefined) return { reason: 'its class is not in the project meta' };
  const { geometry } = object;
  if (!isAreaGeometry(geometry)) return { reason: NO_AREA_TO_WRITE };
  const pixels = objectPixels(geometry, item.width, item.height);
  if (pixels === undefined) return { reason: NO_PIXELS };
  const bounds = placedBounds(pixels);
  return {
    annotation: {
      category_id: categoryId,
      bbox: [bounds.left, bounds.top, pixels.mask.width, pixels.mask.height],
      area: countPixels(pixels.mask),
      segmentation: segmentationOf(geometry, item, bounds),
      iscrowd: object.crowd ? 1 : 0,
    },
  };
}

/**
 * `file_name` is the original image's path relative to the annotation file's folder, so nothing is copied
 * and a reader that joins the folder and file_name finds it. (Absolute paths would be lost by such a join.)
 */
function fileNameOf(item: DatasetItem, outDir: string): string {
  return posixRelative(outDir, item.imagePath);
}

function cocoFile(subset: Subset, index: DatasetIndex, outDir: string, skipped: SkippedObject[]): unknown {
  const categoryIds = new Map(index.meta.classes.map((cls, position) => [cls.title, position + 1]));
  const annotations: CocoAnnotation[] = [];
  subset.items.forEach((item, position) => {
    for (const object of item.objects) {
      const outcome = annotationOf(object, item, categoryIds.get(object.classTitle));
      if ('reason' in outcome) {
        skipped.push({
          ref: item.ref,
          classTitle: object.classTitle,
          shape: object.geometry.type,
          reason: outcome.reason,
        });
      } else {
        annotations.push({ id: annotations.length + 1, image_id: position + 1, ...outcome.annotation });
      }
    }
  });
  return {
    images: subset.items.map((item, position) => ({
      id: position + 1,
      file_name: fileNameOf(item, outDir),
      width: item.width,
      height: item.height,
    })),
    annotations,
    categories: index.meta.classes.map((cls, position) => ({
      id: position + 1,
      name: cls.title,
      supercategory: '',
    })),
  };
}

/**
 * Writes the index as COCO instances JSON into `outDir`, replacing it as a whole (see writeOutputFolder).
 * Category ids run 1..N in meta order.
 */
export function writeCoco(index: DatasetIndex, options: CocoWriteOptions): CocoWriteResult {
  const subsets: Subset[] =
    options.split === undefined
      ? [{ name: COCO_ALL_ITEMS, items: index.items }]
      : splitSubsets(index, options.split);
  const outDir = path.resolve(options.outDir);
  const files = subsets.map((subset) => `${subset.name}.json`);
  const skipped: SkippedObject[] = [];
  writeOutputFolder(outDir, index, COCO_FORMAT, (folder) => {
    for (const subset of subsets) {
      // Compact: indented, a large polygon or RLE would take a line per number.
      writeFileAtomic(
        path.join(folder, `${subset.name}.json`),
        JSON.stringify(cocoFile(subset, index, outDir, skipped)),
      );
    }
  });
  return { outDir, files, skipped };
}
