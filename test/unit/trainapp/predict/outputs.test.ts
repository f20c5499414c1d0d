import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodeRle } from '../../../../src/data/rle';
import type { Prediction, ScoredBox } from '../../../../src/metrics/predictions';
import { cocoImagesFile, cocoResults } from '../../../../src/trainapp/predict/coco';
import type { CocoBoxResult, CocoMaskResult } from '../../../../src/trainapp/predict/coco';
import { summarizePrediction } from '../../../../src/trainapp/predict/summary';
import {
  CONFIDENCE_TAG,
  predictionsMeta,
  rectangleOf,
  superviselyPrediction,
} from '../../../../src/trainapp/predict/supervisely';

// A prediction in each output form: Supervisely objects and tags, COCO results, and the terminal's line.

const CLASSES = ['lemon', 'kiwi', 'fig'];
const image = { width: 10, height: 8 };

const box = (classIndex: number, score: number, edges: [number, number, number, number]): ScoredBox => {
  const [x1, y1, x2, y2] = edges;
  return { classIndex, score, x1, y1, x2, y2 };
};

const detection: Prediction = {
  task: 'object detection',
  boxes: [box(1, 0.912345, [0.3, 1.6, 4.4, 3.5]), box(0, 0.5, [9.8, 7.7, 10, 8]), box(1, 0.3, [0, 0, 10, 8])],
};

// prettier-ignore
const segmentation: Prediction = {
  task: 'semantic segmentation',
  width: 4,
  height: 3,
  mask: Uint8Array.from([
    0, 3, 3, 0,
    0, 3, 0, 1,
    0, 0, 0, 1,
  ]),
};

const classification: Prediction = { task: 'classification', scores: Float32Array.from([0.2, 0.1, 0.7]) };

describe('predictions as Supervisely annotations', () => {
  it('turns a box into the pixels whose centres it covers, inclusive, at least one, inside the image', () => {
    assert.deepEqual(rectangleOf(box(0, 1, [0.3, 1.6, 4.4, 3.5]), image), {
      type: 'rectangle',
      left: 0,
      top: 2,
      right: 3,
      bottom: 3,
    });
    // A sliver at the far corner still covers the last pixel.
    assert.deepEqual(rectangleOf(box(0, 1, [9.8, 7.7, 10, 8]), image), {
      type: 'rectangle',
      left: 9,
      top: 7,
      right: 9,
      bottom: 7,
    });
    assert.deepEqual(rectangleOf(box(0, 1, [0, 0, 10, 8]), image), {
      type: 'rectangle',
      left: 0,
      top: 0,
      right: 9,
      bottom: 7,
    });
  });

  it('writes detection boxes as rectangles tagged with their rounded confidence', () => {
    const annotation = superviselyPrediction(detection, image, CLASSES);
    assert.deepEqual(annotation.tags, []);
    assert.deepEqual(
      annotation.objects.map((object) => [object.classTitle, object.tags]),
      [
        ['kiwi', [{ name: CONFIDENCE_TAG, value: 0.9123 }]],
        ['lemon', [{ name: CONFIDENCE_TAG, value: 0.5 }]],
        ['kiwi', [{ name: CONFIDENCE_TAG, value: 0.3 }]],
      ],
    );
  });

  it('writes a semantic mask as one bitmap per class present, cropped to its pixels', () => {
    const annotation = superviselyPrediction(segmentation, { width: 4, height: 3 }, CLASSES);
    assert.deepEqual(
      annotation.objects.map(({ classTitle, geometry, tags }) => ({ classTitle, geometry, tags })),
      [
        {
          classTitle: 'lemon',
          geometry: {
            type: 'bitmap',
            origin: [3, 1],
            mask: { width: 1, height: 2, data: Uint8Array.from([1, 1]) },
          },
          tags: [],
        },
        {
          classTitle: 'fig',
          geometry: {
            type: 'bitmap',
            origin: [1, 0],
            mask: { width: 2, height: 2, data: Uint8Array.from([1, 1, 1, 0]) },
          },
          tags: [],
        },
      ],
    );
  });

  it('tags a classified image with its top class and that class probability', () => {
    const annotation = superviselyPrediction(classification, image, CLASSES);
    assert.deepEqual(annotation.tags, [{ name: 'fig', value: 0.7 }]);
    assert.deepEqual(annotation.objects, []);
  });

  it('describes the classes and tags each task writes in meta.json, in the model colours', () => {
    const colours = CLASSES.map((name, index) => ({ name, color: `#00000${String(index)}` }));
    const detectionMeta = predictionsMeta('object detection', colours);
    assert.deepEqual(detectionMeta.classes[1], { title: 'kiwi', shape: 'rectangle', color: '#000001' });
    assert.deepEqual(detectionMeta.tags, [
      { name: CONFIDENCE_TAG, value_type: 'any_number', applicable_type: 'objectsOnly' },
    ]);
    assert.deepEqual(
      predictionsMeta('semantic segmentation', colours).classes.map((meta) => meta.shape),
      ['bitmap', 'bitmap', 'bitmap'],
    );
    const classificationMeta = predictionsMeta('classification', colours);
    assert.deepEqual(classificationMeta.classes, []);
    assert.deepEqual(classificationMeta.tags[2], {
      name: 'fig',
      color: '#000002',
      value_type: 'any_number',
      applicable_type: 'imagesOnly',
    });
  });
});

describe('predictions as COCO results', () => {
  it('gives each box its image and 1-based category, bbox [x, y, w, h] that ends where the box ends', () => {
    const results = cocoResults(detection, 7) as CocoBoxResult[];
    assert.deepEqual(results[0], { image_id: 7, category_id: 2, bbox: [0.3, 1.6, 4.1, 1.9], score: 0.9123 });
    for (const { bbox } of results) {
      const [x, y, w, h] = bbox;
      assert.ok(x >= 0 && y >= 0 && w > 0 && h > 0);
      assert.ok(
        x + w <= image.width + 1e-9 && y + h <= image.height + 1e-9,
        `${JSON.stringify(bbox)} leaves the image`,
      );
    }
  });

  it('gives each segmented class a compressed RLE of exactly its pixels, with score 1', () => {
    const results = cocoResults(segmentation, 1) as CocoMaskResult[];
    assert.deepEqual(
      results.map((result) => [result.category_id, result.score]),
      [
        [1, 1],
        [3, 1],
      ],
    );
    for (const result of results) {
      assert.equal(typeof result.segmentation.counts, 'string');
      const decoded = decodeRle(result.segmentation);
      const label = result.category_id;
      assert.deepEqual(
        [...decoded.data],
        [...segmentation.mask].map((value) => (value === label ? 1 : 0)),
      );
    }
  });

  it('has no results for a classification', () => {
    assert.deepEqual(cocoResults(classification, 1), []);
  });

  it('maps image ids to files relative to the output folder, and category ids to classes', () => {
    const out = path.join(path.sep, 'w', 'experiment', 'predictions');
    const file = cocoImagesFile(
      [
        { path: path.join(path.sep, 'w', 'photos', 'a.jpg'), name: 'a.jpg', width: 640, height: 480 },
        { path: path.join(out, 'b.png'), name: 'b.png', width: 3, height: 2 },
      ],
      CLASSES,
      out,
    );
    assert.deepEqual(file, {
      images: [
        { id: 1, file_name: '../../photos/a.jpg', width: 640, height: 480 },
        { id: 2, file_name: 'b.png', width: 3, height: 2 },
      ],
      categories: [
        { id: 1, name: 'lemon' },
        { id: 2, name: 'kiwi' },
        { id: 3, name: 'fig' },
      ],
    });
  });
});

describe("a prediction's line on the terminal", () => {
  it('names the top class and its probability', () => {
    assert.equal(summarizePrediction(classification, CLASSES), 'fig 0.70');
  });

  it('counts boxes, by class, most first', () => {
    assert.equal(summarizePrediction(detection, CLASSES), '3 boxes: kiwi 2, lemon 1');
    assert.equal(
      summarizePrediction({ task: 'object detection', boxes: [box(2, 0.9, [0, 0, 1, 1])] }, CLASSES),
      '1 box: fig 1',
    );
    assert.equal(summarizePrediction({ task: 'object detection', boxes: [] }, CLASSES), 'no boxes');
  });

  it('gives the share of the image each class covers, most first', () => {
    assert.equal(summarizePrediction(segmentation, CLASSES), 'fig 25.0%, lemon 16.7%');
    const empty: Prediction = { task: 'semantic segmentation', width: 2, height: 1, mask: new Uint8Array(2) };
    assert.equal(summarizePrediction(empty, CLASSES), 'background only');
  });
});
