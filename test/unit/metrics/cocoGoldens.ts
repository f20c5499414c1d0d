import fs from 'node:fs';
import path from 'node:path';
import type { GroundTruth, LabelledBox, Prediction, ScoredBox } from '../../../src/metrics/predictions';
import { REPO_ROOT } from '../../paths';

// The goldens of tools/coco-goldens/generate.py: random COCO ground truth and results, with what
// pycocotools' COCOeval (bbox) computes on them.

export const GOLDEN_DIR = path.join(REPO_ROOT, 'test/unit/metrics/fixtures/coco');

export interface CocoGolden {
  readonly name: string;
  readonly description: string;
  readonly expected_stats: readonly number[];
  readonly expected_per_category: readonly {
    readonly id: number;
    readonly AP: number;
    readonly AP50: number;
    readonly AP75: number;
  }[];
  readonly gt: CocoGroundTruthJson;
  readonly detections: readonly CocoDetectionJson[];
}

export interface CocoGroundTruthJson {
  readonly images: readonly { readonly id: number }[];
  readonly categories: readonly { readonly id: number; readonly name: string }[];
  readonly annotations: readonly {
    readonly id: number;
    readonly image_id: number;
    readonly category_id: number;
    readonly bbox: readonly [number, number, number, number];
    readonly area: number;
    readonly iscrowd: number;
  }[];
}

export interface CocoDetectionJson {
  readonly image_id: number;
  readonly category_id: number;
  readonly bbox: readonly [number, number, number, number];
  readonly score: number;
}

export function readGoldens(): CocoGolden[] {
  return fs
    .readdirSync(GOLDEN_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      ...(JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, file), 'utf8')) as Omit<CocoGolden, 'name'>),
    }));
}

/**
 * COCO ground truth and results as the Prediction API takes them: images and classes by index in sorted id
 * order, class i named by its category id. Annotations and results of unknown images or categories are
 * left out.
 */
export function asPredictions(gt: CocoGroundTruthJson, detections: readonly CocoDetectionJson[]) {
  const sortedIds = (items: readonly { id: number }[]) =>
    [...new Set(items.map((item) => item.id))].sort((a, b) => a - b);
  const imageIds = sortedIds(gt.images);
  const categoryIds = sortedIds(gt.categories);
  const imageIndex = new Map(imageIds.map((id, index) => [id, index]));
  const classIndex = new Map(categoryIds.map((id, index) => [id, index]));
  const corners = ([x, y, width, height]: readonly number[]) => ({
    x1: x ?? 0,
    y1: y ?? 0,
    x2: (x ?? 0) + (width ?? 0),
    y2: (y ?? 0) + (height ?? 0),
  });
  const truths = imageIds.map((): LabelledBox[] => []);
  const predictions = imageIds.map((): ScoredBox[] => []);
  for (const annotation of gt.annotations) {
    const image = imageIndex.get(annotation.image_id);
    const category = classIndex.get(annotation.category_id);
    if (image === undefined || category === undefined) continue;
    truths[image]?.push({
      ...corners(annotation.bbox),
      classIndex: category,
      crowd: annotation.iscrowd === 1,
      area: annotation.area,
    });
  }
  for (const detection of detections) {
    const image = imageIndex.get(detection.image_id);
    const category = classIndex.get(detection.category_id);
    if (image === undefined || category === undefined) continue;
    predictions[image]?.push({ ...corners(detection.bbox), classIndex: category, score: detection.score });
  }
  return {
    classes: categoryIds.map(String),
    truths: truths.map((boxes): GroundTruth => ({ task: 'object detection', boxes })),
    predictions: predictions.map((boxes): Prediction => ({ task: 'object detection', boxes })),
  };
}
