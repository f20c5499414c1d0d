// The one in-memory index every reader produces and every split, conversion and writer consumes.
// Coordinates are pixels, x the column and y the row. Conventions shared by every format:
// - a rectangle is inclusive: [left, right] covers right - left + 1 columns;
// - polygon vertices are continuous coordinates, and a pixel belongs to a polygon when its centre
//   (x + 0.5, y + 0.5) is inside by the even-odd rule;
// - a mask is one byte per pixel, row-major, 0 or 1.
import type { ProjectMeta } from '../core/schemas';

export type Point = readonly [x: number, y: number];

export interface Mask {
  readonly width: number;
  readonly height: number;
  /** width * height bytes, row-major, each 0 or 1. */
  readonly data: Uint8Array;
}

export interface PolygonRings {
  readonly exterior: readonly Point[];
  /** Holes. */
  readonly interior: readonly (readonly Point[])[];
}

export type Geometry =
  | {
      readonly type: 'rectangle';
      readonly left: number;
      readonly top: number;
      readonly right: number;
      readonly bottom: number;
    }
  | ({ readonly type: 'polygon' } & PolygonRings)
  | { readonly type: 'multipolygon'; readonly parts: readonly PolygonRings[] }
  /** A mask placed with its top-left pixel at origin; COCO RLE is read into this too. */
  | { readonly type: 'bitmap'; readonly origin: Point; readonly mask: Mask }
  | { readonly type: 'line'; readonly points: readonly Point[] }
  | { readonly type: 'point'; readonly x: number; readonly y: number }
  | { readonly type: 'graph'; readonly nodes: readonly GraphNode[] };

export interface GraphNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly disabled: boolean;
}

/**
 * A tag on an image or an object. A classification label is an image tag without a value whose name is the
 * class title: class folders are read that way, and a Supervisely project labelled with image tags already
 * is. Such an index lists each class twice in its meta, as a class of shape `any` (so class selection sees
 * it) and as a tag of value_type `none` applicable to images; its items have no objects.
 */
export interface Tag {
  readonly name: string;
  /** Absent for tags of value_type none. */
  readonly value?: string | number;
}

export interface DatasetObject {
  readonly classTitle: string;
  readonly geometry: Geometry;
  readonly tags: readonly Tag[];
  /** COCO's iscrowd: a region of many instances, ignored by detection metrics. */
  readonly crowd: boolean;
}

export interface DatasetItem {
  /** `dataset/item`: the dataset's full name, then the image file name. Unique in an index. */
  readonly ref: string;
  /** Full dataset name; a nested dataset is `parent/child`. */
  readonly dataset: string;
  /**
   * The image file name, with extension, as on disk. With class folders it is `<class>/<file>` (two classes
   * may each hold a 1.jpg), and a COCO file_name may include folders too.
   */
  readonly name: string;
  /** Absolute path of the image. */
  readonly imagePath: string;
  readonly width: number;
  readonly height: number;
  readonly tags: readonly Tag[];
  readonly objects: readonly DatasetObject[];
}

export const DATASET_FORMATS = {
  supervisely: 'supervisely',
  coco: 'coco',
  yolo: 'yolo',
  classFolders: 'class_folders',
} as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[keyof typeof DATASET_FORMATS];

/** Something wrong in the user's data, located as precisely as the format allows. */
export interface DataProblem {
  /** Absolute path of the file at fault. */
  readonly file: string;
  /** JSON path inside the file, such as `objects[3].bitmap.data`, or `line 4` for text labels. */
  readonly where?: string;
  readonly message: string;
  /** What the user can do about it. */
  readonly hint?: string;
}

export interface DatasetIndex {
  readonly format: DatasetFormat;
  /** Absolute path of the folder read. */
  readonly root: string;
  /** Classes and tags, in the format's own order (meta.json, COCO categories, YOLO names). */
  readonly meta: ProjectMeta;
  /** Full dataset names in reading order, nested ones included. */
  readonly datasets: readonly string[];
  readonly items: readonly DatasetItem[];
  /** Problems skipped under the `skip` policy; always empty under `fail`. */
  readonly problems: readonly DataProblem[];
}
