import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertClose } from './assertClose';
import { evaluate, evaluateDetection, IOU_THRESHOLDS } from '../../../src/metrics';
import { detection, predictionsOf, truth, truthsOf } from './detectionBoxes';
import type { LabelledBox } from '../../../src/metrics/predictions';
import { RECALL_THRESHOLDS } from '../../../src/metrics/coco/params';
import { REPO_ROOT } from '../../paths';

const task = 'object detection';

describe('detection metrics (COCO)', () => {
  it("uses pycocotools' IoU and recall thresholds, bit for bit as np.linspace makes them", () => {
    // Values printed by numpy: summarize() finds 0.75 by equality, and recall points compare with <.
    assert.deepEqual(IOU_THRESHOLDS, [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    assert.equal(RECALL_THRESHOLDS.length, 101);
    assert.equal(RECALL_THRESHOLDS[57], 0.5700000000000001);
    assert.equal(RECALL_THRESHOLDS[100], 1);
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
    const result = evaluateDetection(
      predictionsOf([detection(1, 0.6), detection(0, 0.9)]),
      truthsOf([truth(0)]),
      ['a'],
      { scoreThreshold: 0 },
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

  it('gives 0, not NaN, when nothing is labelled, and leaves out the size ranges', () => {
    const { metrics, prCurves } = evaluate(task, predictionsOf([detection(0, 0.9)]), truthsOf([]), ['a']);
    assert.ok(Object.values(metrics).every((value) => Number.isFinite(value)));
    for (const key of ['mAP', 'mAP50', 'AP50', 'AP75', 'AR1', 'AR10', 'AR100', 'precision', 'recall', 'f1'])
      assert.equal(metrics[key], 0, key);
    for (const key of ['AP_small', 'AP_medium', 'AP_large', 'AR_small', 'AR_medium', 'AR_large'])
      assert.equal(metrics[key], undefined, key);
    // The lone detection is a confident mistake.
    assertClose(metrics.expected_calibration_error, 0.9);
    assert.deepEqual(prCurves, [{ className: 'a', recall: [], precision: [], score: [] }]);
  });

  it('refuses boxes of classes outside the list and scores that are not numbers', () => {
    assert.throws(
      () => evaluate(task, predictionsOf([detection(0, 0.9, 2)]), truthsOf([]), ['a', 'b']),
      /Image 0: box class 2 is outside the 2 classes/,
    );
    assert.throws(
      () => evaluate(task, predictionsOf([]), truthsOf([truth(0, 1)]), ['a']),
      /Image 0: box class 1 is outside the 1 classes/,
    );
    assert.throws(
      () => evaluate(task, predictionsOf([detection(0, Number.NaN)]), truthsOf([truth(0)]), ['a']),
      /Image 0: a detection's score is NaN/,
    );
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
