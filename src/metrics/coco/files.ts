// COCO ground-truth and results files (already parsed from JSON), checked and turned into box columns
// with pycocotools' reading of them: the images are the ground truth's image ids, sorted; the categories
// its category ids, sorted; annotations of other images or categories are not evaluated, nor are
// detections of categories the ground truth lacks; a detection of an image it lacks is an error
// (pycocotools asserts). A detection's area is its box's width * height.
import { categoryAps } from './accumulate';
import { detectionColumns, setBox, truthColumns, type DetectionColumns, type TruthColumns } from './boxes';
import { evaluateCocoBoxes } from './evaluate';

/** A problem with the content of a COCO file; the message names the file and the field. */
export class CocoFormatError extends Error {
  override readonly name = 'CocoFormatError';
}

export interface CocoGroundTruth {
  /** How messages name the file. */
  readonly file: string;
  /** Sorted, without repeats; an image's dense index is its position here. */
  readonly imageIds: readonly number[];
  readonly categoryIds: readonly number[];
  /** Per dense category index: the category's name, or its id when it has none. */
  readonly categoryNames: readonly string[];
  readonly truths: TruthColumns;
  /** What was read but will not be evaluated, or is evaluated in pycocotools' surprising way. */
  readonly notes: readonly string[];
}

export interface CocoDetections {
  readonly detections: DetectionColumns;
  readonly notes: readonly string[];
}

export interface CocoCategoryResult {
  readonly id: number;
  readonly name: string;
  /** AP@[.5:.95], AP50 and AP75 at area 'all', 100 detections; absent without scored ground truth. */
  readonly AP?: number;
  readonly AP50?: number;
  readonly AP75?: number;
}

export interface CocoFileEvaluation {
  /** The 12 numbers of COCOeval.stats, -1 where pycocotools gives -1 (no ground truth to measure). */
  readonly stats: readonly number[];
  readonly categories: readonly CocoCategoryResult[];
}

type JsonRecord = Readonly<Record<string, unknown>>;
type Bbox = readonly [number, number, number, number];

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the fields of one JSON object, throwing CocoFormatError messages that name file and field. */
class Fields {
  constructor(
    private readonly file: string,
    private readonly where: string,
    private readonly record: JsonRecord,
  ) {}

  fail(field: string, problem: string): never {
    throw new CocoFormatError(`${this.file}: ${this.where}.${field} ${problem}`);
  }

  integer(field: string): number {
    const value = this.record[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(field, 'must be an integer');
    return value;
  }

  number(field: string): number {
    const value = this.record[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'must be a number');
    return value;
  }

  optionalNumber(field: string): number | undefined {
    return this.record[field] === undefined ? undefined : this.number(field);
  }

  bbox(): Bbox {
    const value = this.record.bbox;
    if (
      !Array.isArray(value) ||
      value.length !== 4 ||
      !value.every((item) => typeof item === 'number' && Number.isFinite(item))
    ) {
      this.fail('bbox', 'must be 4 numbers [x, y, width, height]');
    }
    return value as unknown as Bbox;
  }

  /** iscrowd: 0 or 1 (true or false); absent means 0. */
  crowd(): boolean {
    const value = this.record.iscrowd;
    if (value === undefined || value === 0 || value === false) return false;
    if (value === 1 || value === true) return true;
    return this.fail('iscrowd', 'must be 0 or 1');
  }

  optionalString(field: string): string | undefined {
    const value = this.record[field];
    return typeof value === 'string' ? value : undefined;
  }
}

function recordsAt(file: string, value: unknown, where: string): Fields[] {
  if (!Array.isArray(value)) {
    throw new CocoFormatError(
      `${file}: ${where === '' ? 'must be a JSON array' : `${where} must be an array`}`,
    );
  }
  return value.map((item: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(item)) throw new CocoFormatError(`${file}: ${at} must be an object`);
    return new Fields(file, at, item);
  });
}

function sortedUnique(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function indexOf(ids: readonly number[]): Map<number, number> {
  return new Map(ids.map((id, index) => [id, index]));
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Checks a parsed COCO ground-truth file (images, annotations, categories) and reads its boxes. */
export function readCocoGroundTruth(value: unknown, file: string): CocoGroundTruth {
  if (!isRecord(value)) {
    throw new CocoFormatError(
      `${file}: must be a COCO ground-truth object with "images", "annotations" and "categories"`,
    );
  }
  const images = recordsAt(file, value.images, 'images');
  const categories = recordsAt(file, value.categories, 'categories');
  const annotations = recordsAt(file, value.annotations, 'annotations');

  const imageIds = sortedUnique(images.map((image) => image.integer('id')));
  const categoryNames = new Map<number, string>();
  for (const category of categories) {
    const id = category.integer('id');
    categoryNames.set(id, category.optionalString('name') ?? String(id));
  }
  const categoryIds = sortedUnique([...categoryNames.keys()]);
  const imageIndex = indexOf(imageIds);
  const categoryIndex = indexOf(categoryIds);

  const firstWithId = new Map<number, number>();
  const evaluated: {
    image: number;
    category: number;
    bbox: Bbox;
    area: number | undefined;
    crowd: boolean;
    id: number;
  }[] = [];
  let outside = 0;
  annotations.forEach((fields, index) => {
    const id = fields.integer('id');
    const earlier = firstWithId.get(id);
    if (earlier !== undefined) {
      fields.fail('id', `${id} is also the id of annotations[${earlier}]; annotation ids must be unique`);
    }
    firstWithId.set(id, index);
    const imageId = fields.integer('image_id');
    const categoryId = fields.integer('category_id');
    const bbox = fields.bbox();
    const area = fields.optionalNumber('area');
    const crowd = fields.crowd();
    const image = imageIndex.get(imageId);
    const category = categoryIndex.get(categoryId);
    if (image === undefined || category === undefined) outside++;
    else evaluated.push({ image, category, bbox, area, crowd, id });
  });

  const truths = truthColumns(evaluated.length);
  const notes: string[] = [];
  evaluated.forEach(({ image, category, bbox, area, crowd, id }, index) => {
    setBox(truths, index, image, category, ...bbox);
    truths.area[index] = area ?? truths.boxArea[index] ?? 0;
    truths.crowd[index] = crowd ? 1 : 0;
    truths.idZero[index] = id === 0 ? 1 : 0;
  });
  if (outside > 0) {
    notes.push(
      `${file}: ${plural(outside, 'annotation')} of an image or category not listed in the file ${outside === 1 ? 'is' : 'are'} not evaluated (as in pycocotools).`,
    );
  }
  if (evaluated.some(({ id }) => id === 0)) {
    notes.push(
      `${file}: an annotation has id 0; pycocotools counts a detection matched to it as a false positive, and so does this evaluation, to give the same numbers. Number annotations from 1 to avoid this.`,
    );
  }
  return {
    file,
    imageIds,
    categoryIds,
    categoryNames: categoryIds.map((id) => categoryNames.get(id) ?? String(id)),
    truths,
    notes,
  };
}

/** Checks a parsed COCO results file (an array of {image_id, category_id, bbox, score}) against its truth. */
export function readCocoDetections(value: unknown, file: string, truth: CocoGroundTruth): CocoDetections {
  const records = recordsAt(file, value, '');
  const imageIndex = indexOf(truth.imageIds);
  const categoryIndex = indexOf(truth.categoryIds);
  const kept: { image: number; category: number; bbox: Bbox; score: number }[] = [];
  let otherCategories = 0;
  records.forEach((fields, index) => {
    const imageId = fields.integer('image_id');
    const categoryId = fields.integer('category_id');
    const bbox = fields.bbox();
    const score = fields.number('score');
    const image = imageIndex.get(imageId);
    if (image === undefined) {
      throw new CocoFormatError(
        `${file}: [${index}].image_id ${imageId} is not an image of ${truth.file}; results must only name the ground truth's images`,
      );
    }
    const category = categoryIndex.get(categoryId);
    if (category === undefined) otherCategories++;
    else kept.push({ image, category, bbox, score });
  });
  const detections = detectionColumns(kept.length);
  kept.forEach(({ image, category, bbox, score }, index) => {
    setBox(detections, index, image, category, ...bbox);
    detections.score[index] = score;
  });
  const notes =
    otherCategories === 0
      ? []
      : [
          `${file}: ${plural(otherCategories, 'detection')} of a category that ${truth.file} does not list ${otherCategories === 1 ? 'is' : 'are'} not evaluated (as in pycocotools).`,
        ];
  return { detections, notes };
}

/** COCOeval(gt, dt, 'bbox') with default parameters: the 12 summary statistics and per-category AP. */
export function evaluateCoco(truth: CocoGroundTruth, detections: CocoDetections): CocoFileEvaluation {
  const evaluation = evaluateCocoBoxes({
    imageCount: truth.imageIds.length,
    categoryCount: truth.categoryIds.length,
    truths: truth.truths,
    detections: detections.detections,
  });
  const categories = truth.categoryIds.map((id, category) => {
    const name = truth.categoryNames[category] ?? String(id);
    return { id, name, ...categoryAps(evaluation.accumulated, category) };
  });
  return { stats: evaluation.stats, categories };
}
