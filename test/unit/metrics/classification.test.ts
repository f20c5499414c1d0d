import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './assertClose';
import { evaluate, PRIMARY_METRIC } from '../../../src/metrics';

const task = 'classification';
const predicted = (...scores: number[]) => ({ task, scores: Float32Array.from(scores) }) as const;
const truth = (classIndex: number) => ({ task, classIndex }) as const;

describe('classification metrics', () => {
  it('scores perfect predictions 1', () => {
    const { metrics } = evaluate(
      task,
      [predicted(0.9, 0.1), predicted(0.2, 0.8)],
      [truth(0), truth(1)],
      ['a', 'b'],
    );
    assert.deepEqual(Object.keys(metrics), [
      'accuracy',
      'precision',
      'recall',
      'f1',
      'expected_calibration_error',
      'maximum_calibration_error',
    ]);
    for (const key of ['accuracy', 'precision', 'recall', 'f1']) assert.equal(metrics[key], 1);
  });

  it('calibrates the top-1 confidence: ECE, MCE and the reliability bins', () => {
    // Top-1 confidences 0.95 (right), 0.8 (right), 0.6 (wrong), 0.65 (right): bins 6, 8 and 9.
    // Bin 6: mean confidence 0.625, accuracy 1/2; bin 8: 0.8, 1; bin 9: 0.95, 1. (Float32 scores: 0.9
    // would be 0.8999999762, in bin 8.)
    const result = evaluate(
      task,
      [predicted(0.95, 0.05), predicted(0.2, 0.8), predicted(0.6, 0.4), predicted(0.35, 0.65)],
      [truth(0), truth(1), truth(1), truth(1)],
      ['a', 'b'],
    );
    assertClose(result.metrics.expected_calibration_error, (2 * 0.125 + 0.2 + 0.05) / 4, 1e-7);
    assertClose(result.metrics.maximum_calibration_error, 0.2, 1e-7);
    const bins = result.calibration ?? [];
    assert.deepEqual(
      bins.map((bin) => bin.count),
      [0, 0, 0, 0, 0, 0, 2, 0, 1, 1],
    );
    assertClose(bins[6]?.accuracy, 0.5);
    assertClose(bins[6]?.meanConfidence, 0.625, 1e-7);
    assertClose(bins[6]?.lower, 0.6);
    assertClose(bins[6]?.upper, 0.7);
  });

  it('computes accuracy, per-class precision, recall, F1 and the confusion matrix', () => {
    // truth → predicted: a→a, a→b, b→b, b→b, c→a; class d never occurs nor is predicted.
    const predictions = [
      predicted(0.6, 0.3, 0.1, 0),
      predicted(0.2, 0.7, 0.1, 0),
      predicted(0.1, 0.8, 0.1, 0),
      predicted(0.3, 0.4, 0.3, 0),
      predicted(0.5, 0.2, 0.3, 0),
    ];
    const truths = [truth(0), truth(0), truth(1), truth(1), truth(2)];
    const result = evaluate(task, predictions, truths, ['a', 'b', 'c', 'd']);
    assert.deepEqual(result.confusionMatrix, [
      [1, 1, 0, 0],
      [0, 2, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    assertClose(result.metrics.accuracy, 3 / 5);
    assert.deepEqual(result.perClass[0], {
      className: 'a',
      metrics: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
    });
    const b = result.perClass[1]?.metrics;
    assertClose(b?.precision, 2 / 3);
    assertClose(b?.recall, 1);
    assertClose(b?.f1, 0.8);
    assert.deepEqual(result.perClass[2]?.metrics, { precision: 0, recall: 0, f1: 0, support: 1 });
    // Macro means over a, b, c (d is neither labelled nor predicted).
    assertClose(result.metrics.precision, (0.5 + 2 / 3 + 0) / 3);
    assertClose(result.metrics.recall, (0.5 + 1 + 0) / 3);
    assertClose(result.metrics.f1, (0.5 + 0.8 + 0) / 3);
    assert.equal(PRIMARY_METRIC.classification, 'accuracy');
  });

  it('refuses predictions of another task or count, and labels outside the classes', () => {
    assert.throws(() => evaluate(task, [predicted(1)], [], ['a']), /1 predictions against 0 ground truths/);
    assert.throws(
      () => evaluate(task, [{ task: 'object detection', boxes: [] }], [truth(0)], ['a']),
      /Prediction 0 is for object detection, not classification/,
    );
    assert.throws(
      () =>
        evaluate(
          task,
          [predicted(1)],
          [{ task: 'semantic segmentation', width: 0, height: 0, mask: new Uint8Array() }],
          ['a'],
        ),
      /Ground truth 0 is for semantic segmentation, not classification/,
    );
    // More scores than classes: the arg max names a class the list does not have.
    assert.throws(
      () => evaluate(task, [predicted(0.1, 0.2, 0.7)], [truth(0)], ['a', 'b']),
      /Image 0: class 2 is outside the 2 classes/,
    );
    assert.throws(
      () => evaluate(task, [predicted(1, 0)], [truth(2)], ['a', 'b']),
      /class 2 is outside the 2 classes/,
    );
  });
});
