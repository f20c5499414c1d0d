import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './assertClose';
import { detection, predictionsOf, truth, truthsOf } from './detectionBoxes';
import { evaluate, evaluateDetection } from '../../../src/metrics';
import type { LabelledBox } from '../../../src/metrics/predictions';

const task = 'object detection';

// Image 0: truths at x 0 and 20; detections 0.9 on the first (IoU 1), 0.8 on nothing, 0.6 at x 21 on the
// second (IoU 90 / 110 = 9/11). Image 1: a truth at x 0 and a detection 0.7 at x 5 (IoU 50 / 150 = 1/3).
// Ranked: TP 0.9, FP 0.8, FP 0.7, TP 0.6 against 3 truths.
const truths = truthsOf([truth(0), truth(20)], [truth(0)]);
const predictions = predictionsOf(
  [detection(0, 0.9), detection(40, 0.8), detection(21, 0.6)],
  [detection(5, 0.7)],
);

describe('detection operating point (Supervisely benchmark metrics)', () => {
  const { metrics, perClass } = evaluate(task, predictions, truths, ['a']);

  it('picks the F1-optimal confidence and reports precision, recall and F1 there', () => {
    // F1 after 0.9: 1/2; after 0.8: 0.4; after 0.7: 1/3; after 0.6: P 1/2, R 2/3, F1 4/7.
    assertClose(metrics.f1_optimal_conf, 0.6);
    assertClose(metrics.precision, 1 / 2);
    assertClose(metrics.recall, 2 / 3);
    assertClose(metrics.f1, 4 / 7);
    assert.deepEqual(Object.keys(perClass[0]?.metrics ?? {}), [
      'AP',
      'AP50',
      'AP75',
      'precision',
      'recall',
      'f1',
      'groundTruth',
    ]);
    assertClose(perClass[0]?.metrics.f1, 4 / 7);
    assertClose(perClass[0]?.metrics.groundTruth, 3);
  });

  it('prefers the higher threshold when two give the same F1', () => {
    // 3 truths. F1 = 2 TP / (detections + truths): after 0.9 (TP) 2/4; after 0.5 (TP, three misses between)
    // 4/8. Equal, so the stricter threshold wins.
    const result = evaluate(
      task,
      predictionsOf(
        [detection(0, 0.9), detection(40, 0.8), detection(60, 0.7), detection(80, 0.6), detection(20, 0.5)],
        [],
      ),
      truthsOf([truth(0), truth(20)], [truth(0)]),
      ['a'],
    );
    assertClose(result.metrics.f1_optimal_conf, 0.9);
    assertClose(result.metrics.precision, 1);
    assertClose(result.metrics.recall, 1 / 3);
  });

  it('averages the IoU of the true positives at the operating point', () => {
    assertClose(metrics.iou, (1 + 9 / 11) / 2);
    // Above 0.65 only the exact match counts.
    const strict = evaluateDetection(predictions, truths, ['a'], { scoreThreshold: 0.65 });
    assertClose(strict.metrics.iou, 1);
    assertClose(strict.metrics.precision, 1 / 3);
    assertClose(strict.metrics.f1_optimal_conf, 0.6);
  });

  it('gives COCO average recall at 1, 10 and 100 detections per image, and per size range', () => {
    // AR1: each image's best detection only: image 0's exact match, image 1's miss: recall 1/3 at every IoU.
    assertClose(metrics.AR1, 1 / 3);
    // AR10: the IoU 9/11 match counts at 0.50..0.80 (7 thresholds): recall 2/3 there, 1/3 above.
    assertClose(metrics.AR10, (7 * (2 / 3) + 3 * (1 / 3)) / 10);
    assertClose(metrics.AR100, metrics.AR10 ?? 0);
    // Every box is 10x10 = 100 px²: small.
    assertClose(metrics.AR_small, metrics.AR10 ?? 0);
    assertClose(metrics.AP_small, metrics.mAP ?? 0);
    for (const key of ['AP_medium', 'AP_large', 'AR_medium', 'AR_large'])
      assert.equal(metrics[key], undefined);
  });

  it("sizes truths by their annotation area when given, else by their box's", () => {
    // A 50x50 box (medium) whose object covers 500 px² (small).
    const big: LabelledBox = { classIndex: 0, x1: 0, y1: 0, x2: 50, y2: 50 };
    const hit = [{ ...detection(0, 0.9), x2: 50, y2: 50 }];
    const byBox = evaluate(task, predictionsOf(hit), truthsOf([big]), ['a']).metrics;
    assertClose(byBox.AP_medium, 1);
    assert.equal(byBox.AP_small, undefined);
    const byArea = evaluate(task, predictionsOf(hit), truthsOf([{ ...big, area: 500 }]), ['a']).metrics;
    assertClose(byArea.AP_small, 1);
    assert.equal(byArea.AP_medium, undefined);
  });

  it('measures classification accuracy on class-agnostic matches', () => {
    // Image 0: an 'a' truth at 0 and a 'b' truth at 20. Detections: 'a' on the 'a' truth (right class),
    // 'a' on the 'b' truth (localised, wrong class), 'b' far from both (no match at all).
    const result = evaluateDetection(
      predictionsOf([detection(0, 0.9, 0), detection(20, 0.8, 0), detection(60, 0.7, 1)]),
      truthsOf([truth(0, 0), truth(20, 1)]),
      ['a', 'b'],
      { scoreThreshold: 0 },
    );
    assertClose(result.metrics.classification_accuracy, 1 / 2);
    // At the F1-optimal threshold (0.9) only the right one is left.
    const optimal = evaluate(
      task,
      predictionsOf([detection(0, 0.9, 0), detection(20, 0.8, 0), detection(60, 0.7, 1)]),
      truthsOf([truth(0, 0), truth(20, 1)]),
      ['a', 'b'],
    );
    assertClose(optimal.metrics.f1_optimal_conf, 0.9);
    assertClose(optimal.metrics.classification_accuracy, 1);
  });

  it('bins detection confidences for ECE and MCE, a true positive at IoU 0.5 being right', () => {
    // One detection per bin: 0.9 right, 0.8 wrong, 0.7 wrong, 0.6 right.
    assertClose(metrics.expected_calibration_error, (0.1 + 0.8 + 0.7 + 0.4) / 4);
    assertClose(metrics.maximum_calibration_error, 0.8);
    assertClose(metrics.calibration_score, 1 - (0.1 + 0.8 + 0.7 + 0.4) / 4);
    const calibration = evaluate(task, predictions, truths, ['a']).calibration ?? [];
    assert.equal(calibration.length, 10);
    assert.deepEqual(
      calibration.map((bin) => bin.count),
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
    );
    assertClose(calibration[6]?.accuracy, 1);
    assertClose(calibration[7]?.accuracy, 0);
    assertClose(calibration[9]?.meanConfidence, 0.9);
  });

  it('leaves detections on crowds out of the operating point and calibration', () => {
    const crowd: LabelledBox = { classIndex: 0, x1: 30, y1: 0, x2: 100, y2: 50, crowd: true };
    const result = evaluate(
      task,
      predictionsOf([detection(0, 0.9), detection(40, 0.95)]),
      truthsOf([truth(0), crowd]),
      ['a'],
    );
    assertClose(result.metrics.precision, 1);
    assert.equal(
      result.calibration?.reduce((sum, bin) => sum + bin.count, 0),
      1,
    );
  });
});

describe('detection precision-recall curves', () => {
  it('has a point after each distinct score, at IoU 0.5, per class', () => {
    const curves = evaluate(task, predictions, truths, ['a']).prCurves ?? [];
    assert.deepEqual(curves, [
      {
        className: 'a',
        score: [0.9, 0.8, 0.7, 0.6],
        recall: [1 / 3, 1 / 3, 1 / 3, 2 / 3],
        precision: [1, 1 / 2, 1 / 3, 1 / 2],
      },
    ]);
  });

  it('merges tied scores into one point, and gives classes without truth an empty curve', () => {
    const { prCurves } = evaluate(
      task,
      predictionsOf([detection(0, 0.5), detection(40, 0.5), detection(60, 0.5, 1)]),
      truthsOf([truth(0)]),
      ['a', 'b'],
    );
    assert.deepEqual(prCurves, [
      { className: 'a', recall: [1], precision: [1 / 2], score: [0.5] },
      { className: 'b', recall: [], precision: [], score: [] },
    ]);
  });

  it('ends a tie only at the next counted detection, not at one on a crowd', () => {
    // Both score 0.5; the second lies inside the crowd and is ignored, so the tie ends with the first.
    const crowd: LabelledBox = { classIndex: 0, x1: 30, y1: 0, x2: 100, y2: 50, crowd: true };
    const { prCurves } = evaluate(
      task,
      predictionsOf([detection(0, 0.5), detection(40, 0.5)]),
      truthsOf([truth(0), crowd]),
      ['a'],
    );
    assert.deepEqual(prCurves, [{ className: 'a', recall: [1], precision: [1], score: [0.5] }]);
  });

  it('keeps at most 201 points per class', () => {
    // 400 distinct scores, 100 truths: far more points than a report needs.
    const images = Array.from({ length: 100 }, (_, image) => image);
    const result = evaluate(
      task,
      images.map((image) => ({
        task,
        boxes: [
          detection(0, 1 - image / 1000),
          detection(40, 0.5 - image / 1000),
          detection(60, 0.3 - image / 1000),
          detection(80, 0.1 - image / 1000),
        ],
      })),
      images.map(() => ({ task, boxes: [truth(0)] })),
      ['a'],
    );
    const [curve] = result.prCurves ?? [];
    assert.ok(curve);
    assert.equal(curve.score.length, 201);
    assert.equal(curve.recall.length, 201);
    assertClose(curve.score[0], 1);
    assertClose(curve.recall.at(-1), 1);
    assertClose(curve.score.at(-1), 0.1 - 99 / 1000);
  });
});
