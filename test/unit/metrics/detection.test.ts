import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertClose } from './assertClose';
import { evaluate, evaluateDetection, IOU_THRESHOLDS } from '../../../src/metrics';
import type { LabelledBox, ScoredBox } from '../../../src/metrics/predictions';
import { REPO_ROOT } from '../../paths';

const task = 'object detection';
const truth = (x1: number, classIndex = 0, crowd = false): LabelledBox => ({
  classIndex,
  x1,
  y1: 0,
  x2: x1 + 10,
  y2: 10,
  crowd,
});
const detection = (x1: number, score: number, classIndex = 0, y2 = 10): ScoredBox => ({
  classIndex,
  score,
  x1,
  y1: 0,
  x2: x1 + 10,
  y2,
});
const predictionsOf = (...images: ScoredBox[][]) => images.map((boxes) => ({ task, boxes }) as const);
const truthsOf = (...images: LabelledBox[][]) => images.map((boxes) => ({ task, boxes }) as const);

describe('detection metrics (COCO)', () => {
  it('uses pycocotools IoU thresholds 0.50:0.05:0.95', () => {
    assert.equal(IOU_THRESHOLDS.length, 10);
    assertClose(IOU_THRESHOLDS[0], 0.5);
    assertClose(IOU_THRESHOLDS[9], 0.95);
    assert.ok(Math.abs((IOU_THRESHOLDS[5] ?? 0) - 0.75) < 1e-12);
  });

  it('scores perfect predictions 1', () => {
    const truths = truthsOf([truth(0), truth(20, 1)], [truth(5)]);
    const predictions = predictionsOf([detection(0, 0.9), detection(20, 0.8, 1)], [detection(5, 0.7)]);
    const { metrics } = evaluate(task, predictions, truths, ['a', 'b']);
    for (const key of ['mAP', 'mAP50', 'AP50', 'AP75', 'precision', 'recall', 'f1'])
      assertClose(metrics[key], 1);
  });

  it('interpolates precision at 101 recall points, ranking detections of every image by score', () => {
    // Ranked: TP 0.9 (image 0), FP 0.8 (image 1), TP 0.7 (image 1). Recall 0.5, 0.5, 1; precision 1, 0.5, 2/3.
    // Recall points 0..0.5 (51 of them) read precision 1, points 0.51..1 (50) read 2/3.
    const truths = truthsOf([truth(0)], [truth(0)]);
    const predictions = predictionsOf([detection(0, 0.9)], [detection(40, 0.8), detection(0, 0.7)]);
    const result = evaluateDetection(predictions, truths, ['a'], { scoreThreshold: 0.75 });
    const expected = (51 + 50 * (2 / 3)) / 101;
    assertClose(result.metrics.mAP50, expected);
    assertClose(result.metrics.mAP, expected);
    // At the 0.75 threshold: 0.9 is a TP, 0.8 a FP, and one of two truths is found.
    assertClose(result.metrics.precision, 0.5);
    assertClose(result.metrics.recall, 0.5);
    assertClose(result.perClass[0]?.metrics.groundTruth, 2);
  });

  it('counts a match only at IoU thresholds up to its overlap', () => {
    // IoU 0.72: a true positive at 0.50..0.70 (5 thresholds), a miss at 0.75..0.95.
    const result = evaluate(task, predictionsOf([detection(0, 0.9, 0, 7.2)]), truthsOf([truth(0)]), ['a']);
    assertClose(result.metrics.AP50, 1);
    assertClose(result.metrics.AP75, 0);
    assertClose(result.metrics.mAP, 0.5);
  });

  it('matches each truth once, greedily by score', () => {
    // Two detections on one truth: the better one matches, the other is a false positive.
    const result = evaluate(
      task,
      predictionsOf([detection(1, 0.6), detection(0, 0.9)]),
      truthsOf([truth(0)]),
      ['a'],
    );
    assertClose(result.metrics.AP50, 1);
    assertClose(result.metrics.precision, 0.5);
  });

  it('ignores detections on crowd truths: neither true nor false positives', () => {
    const crowd: LabelledBox = { classIndex: 0, x1: 30, y1: 0, x2: 100, y2: 50, crowd: true };
    const predictions = predictionsOf([detection(40, 0.95), detection(0, 0.5)]);
    const withCrowd = evaluate(task, predictions, truthsOf([truth(0), crowd]), ['a']);
    assertClose(withCrowd.metrics.mAP, 1);
    assertClose(withCrowd.metrics.precision, 1);
    assertClose(withCrowd.perClass[0]?.metrics.groundTruth, 1);
    // Without the crowd, the detection inside it is a false positive, ranked first.
    const asFalsePositive = evaluate(task, predictions, truthsOf([truth(0)]), ['a']);
    assertClose(asFalsePositive.metrics.AP50, (1 / 2) * 1);
  });

  it('prefers a free ordinary truth over a crowd, and lets a crowd absorb several detections', () => {
    const crowd: LabelledBox = { classIndex: 0, x1: 0, y1: 0, x2: 100, y2: 100, crowd: true };
    const predictions = predictionsOf([detection(0, 0.9), detection(50, 0.8), detection(70, 0.7)]);
    const result = evaluate(task, predictions, truthsOf([crowd, truth(0)]), ['a']);
    assertClose(result.metrics.mAP, 1);
    assertClose(result.metrics.precision, 1);
  });

  it('leaves classes without ground truth out of the mean, and counts classes never detected as 0', () => {
    const truths = truthsOf([truth(0), truth(20, 2)]);
    // Class 1 has detections but no truth; class 2 has a truth and no detections.
    const predictions = predictionsOf([detection(0, 0.9), detection(60, 0.9, 1)]);
    const result = evaluate(task, predictions, truths, ['a', 'b', 'c']);
    assertClose(result.metrics.mAP, 0.5);
    assert.equal(result.perClass[1]?.metrics.AP, undefined);
    assertClose(result.perClass[2]?.metrics.AP, 0);
    assertClose(result.metrics.precision, 0.5);
    assertClose(result.metrics.recall, 0.5);
  });

  it('gives 0, not NaN, when nothing is labelled', () => {
    const { metrics } = evaluate(task, predictionsOf([detection(0, 0.9)]), truthsOf([]), ['a']);
    assert.ok(Object.values(metrics).every((value) => value === 0));
  });
});

interface CocoCase {
  readonly classes: string[];
  readonly expected: { readonly mAP: number; readonly AP50: number; readonly AP75: number };
  readonly truths: { classIndex: number; crowd: boolean; box: [number, number, number, number] }[][];
  readonly predictions: { classIndex: number; score: number; box: [number, number, number, number] }[][];
}

describe('detection metrics against pycocotools', () => {
  it('give the golden mAP, AP50 and AP75 of a random case', () => {
    const golden = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'test/unit/metrics/fixtures/cocoRandomCase.json'), 'utf8'),
    ) as CocoCase;
    const corners = ([x1, y1, x2, y2]: readonly number[]) => ({
      x1: x1 ?? 0,
      y1: y1 ?? 0,
      x2: x2 ?? 0,
      y2: y2 ?? 0,
    });
    const truths = truthsOf(
      ...golden.truths.map((image) => image.map(({ box, ...rest }) => ({ ...corners(box), ...rest }))),
    );
    const predictions = predictionsOf(
      ...golden.predictions.map((image) => image.map(({ box, ...rest }) => ({ ...corners(box), ...rest }))),
    );
    const { metrics } = evaluate(task, predictions, truths, golden.classes);
    assertClose(metrics.mAP, golden.expected.mAP);
    assertClose(metrics.AP50, golden.expected.AP50);
    assertClose(metrics.AP75, golden.expected.AP75);
  });
});
