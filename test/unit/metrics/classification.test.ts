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
    assert.deepEqual(metrics, { accuracy: 1, precision: 1, recall: 1, f1: 1 });
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
      () => evaluate(task, [predicted(1, 0)], [truth(2)], ['a', 'b']),
      /class 2 is outside the 2 classes/,
    );
  });
});
