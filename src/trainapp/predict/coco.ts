import { TASK_TYPES } from '../../core/names';
import { posixRelative } from '../../data/paths';
import { compressRleCounts, encodeRle } from '../../data/rle';
import type { Prediction } from '../../metrics/predictions';
import type { InputImage } from './inputs';
import { labelCounts, roundScore } from './scores';

// Predictions as a COCO results file, what pycocotools' loadRes and `train-studio eval-coco` read: boxes
// for detection, compressed RLE masks for segmentation. Results name images and categories by id only, so
// a second file maps the ids to the image files and class names.

export interface CocoBoxResult {
  readonly image_id: number;
  readonly category_id: number;
  /** [x, y, width, height] in continuous pixels. */
  readonly bbox: readonly [number, number, number, number];
  readonly score: number;
}

export interface CocoMaskResult {
  readonly image_id: number;
  readonly category_id: number;
  readonly segmentation: { readonly size: readonly [height: number, width: number]; readonly counts: string };
  /** Semantic segmentation has no per-region score. */
  readonly score: 1;
}

export type CocoResult = CocoBoxResult | CocoMaskResult;

export interface CocoImagesFile {
  /** file_name relative to the folder of this file, with '/' separators, as our COCO writer puts it. */
  readonly images: readonly { id: number; file_name: string; width: number; height: number }[];
  readonly categories: readonly { id: number; name: string }[];
}

/** Category ids are 1..N in the model's class order, image ids 1..N in the order predicted. */
const categoryIdOf = (classIndex: number): number => classIndex + 1;
export const imageIdOf = (position: number): number => position + 1;

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

function maskResults(prediction: Extract<Prediction, { task: 'semantic segmentation' }>, imageId: number) {
  const { width, height, mask } = prediction;
  const counts = labelCounts(mask);
  const results: CocoMaskResult[] = [];
  for (let label = 1; label < counts.length; label++) {
    if (counts[label] === 0) continue;
    const data = new Uint8Array(mask.length);
    for (let pixel = 0; pixel < mask.length; pixel++) if (mask[pixel] === label) data[pixel] = 1;
    const rle = encodeRle({ width, height, data });
    results.push({
      image_id: imageId,
      category_id: categoryIdOf(label - 1),
      segmentation: { size: rle.size, counts: compressRleCounts(rle.counts) },
      score: 1,
    });
  }
  return results;
}

/** The COCO results of one image's prediction; a classification has none (the caller refuses it). */
export function cocoResults(prediction: Prediction, imageId: number): CocoResult[] {
  if (prediction.task === TASK_TYPES.semanticSegmentation) return maskResults(prediction, imageId);
  if (prediction.task !== TASK_TYPES.objectDetection) return [];
  return prediction.boxes.map((box) => {
    // Sizes from the rounded edges, so that a box ending at the image's edge still ends there.
    const x = twoDecimals(box.x1);
    const y = twoDecimals(box.y1);
    return {
      image_id: imageId,
      category_id: categoryIdOf(box.classIndex),
      bbox: [x, y, twoDecimals(twoDecimals(box.x2) - x), twoDecimals(twoDecimals(box.y2) - y)],
      score: roundScore(box.score),
    };
  });
}

export function cocoImagesFile(
  images: readonly InputImage[],
  classes: readonly string[],
  folder: string,
): CocoImagesFile {
  return {
    images: images.map((image, position) => ({
      id: imageIdOf(position),
      file_name: posixRelative(folder, image.path),
      width: image.width,
      height: image.height,
    })),
    categories: classes.map((name, index) => ({ id: categoryIdOf(index), name })),
  };
}
