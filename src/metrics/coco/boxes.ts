// Boxes in columns, the layout the COCO evaluation runs on: one typed array per field, indexed by box, so
// that hundreds of thousands of detections cost a few flat arrays rather than as many objects.

export interface BoxColumns {
  readonly count: number;
  /** Dense image index: the position of the image id among the sorted ids. */
  readonly image: Int32Array;
  /** Dense category index: the position of the category id among the sorted ids. */
  readonly category: Int32Array;
  readonly x1: Float64Array;
  readonly y1: Float64Array;
  /** x1 + width, computed as pycocotools' C IoU computes the right edge. */
  readonly x2: Float64Array;
  readonly y2: Float64Array;
  /** width * height, unclamped: pycocotools' IoU union term and a detection's area. */
  readonly boxArea: Float64Array;
}

export interface TruthColumns extends BoxColumns {
  /** The area that places the truth in a size range: the annotation's `area` when it has one. */
  readonly area: Float64Array;
  /** 1 for iscrowd regions: never a true or false positive, and they can absorb many detections. */
  readonly crowd: Uint8Array;
  /**
   * 1 for annotations whose id is 0. pycocotools stores a match as the matched annotation's id and reads
   * 0 as "no match", so a detection matched to such a truth counts as a false positive.
   */
  readonly idZero: Uint8Array;
}

export interface DetectionColumns extends BoxColumns {
  readonly score: Float64Array;
}

/** Everything one COCO box evaluation needs; images and categories are dense indices. */
export interface CocoBoxes {
  readonly imageCount: number;
  readonly categoryCount: number;
  readonly truths: TruthColumns;
  readonly detections: DetectionColumns;
}

function boxColumns(count: number): BoxColumns {
  return {
    count,
    image: new Int32Array(count),
    category: new Int32Array(count),
    x1: new Float64Array(count),
    y1: new Float64Array(count),
    x2: new Float64Array(count),
    y2: new Float64Array(count),
    boxArea: new Float64Array(count),
  };
}

export function truthColumns(count: number): TruthColumns {
  return {
    ...boxColumns(count),
    area: new Float64Array(count),
    crowd: new Uint8Array(count),
    idZero: new Uint8Array(count),
  };
}

export function detectionColumns(count: number): DetectionColumns {
  return { ...boxColumns(count), score: new Float64Array(count) };
}

/** Stores box `index` from COCO's x, y, width, height. */
export function setBox(
  columns: BoxColumns,
  index: number,
  image: number,
  category: number,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  columns.image[index] = image;
  columns.category[index] = category;
  columns.x1[index] = x;
  columns.y1[index] = y;
  columns.x2[index] = x + width;
  columns.y2[index] = y + height;
  columns.boxArea[index] = width * height;
}

/** pycocotools' bbIou for one pair: against a crowd region the union is the detection's own area. */
export function cocoIou(
  detections: BoxColumns,
  detection: number,
  truths: TruthColumns,
  truth: number,
): number {
  const width =
    Math.min(detections.x2[detection] ?? 0, truths.x2[truth] ?? 0) -
    Math.max(detections.x1[detection] ?? 0, truths.x1[truth] ?? 0);
  if (width <= 0) return 0;
  const height =
    Math.min(detections.y2[detection] ?? 0, truths.y2[truth] ?? 0) -
    Math.max(detections.y1[detection] ?? 0, truths.y1[truth] ?? 0);
  if (height <= 0) return 0;
  const intersection = width * height;
  const detectionArea = detections.boxArea[detection] ?? 0;
  const union =
    truths.crowd[truth] === 1 ? detectionArea : detectionArea + (truths.boxArea[truth] ?? 0) - intersection;
  return intersection / union;
}
