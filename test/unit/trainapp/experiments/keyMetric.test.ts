import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { primaryMetricOf } from '../../../../src/metrics';
import { formatMetric, formatMetricValue, keyMetricOf } from '../../../../src/trainapp/experiments';

describe('the key metric of a run', () => {
  it('is the primary metric of the tasks Train Studio evaluates, whatever the order of the metrics', () => {
    assert.equal(primaryMetricOf('classification'), 'accuracy');
    assert.equal(primaryMetricOf('object detection'), 'mAP50');
    assert.equal(primaryMetricOf('semantic segmentation'), 'mIoU');
    assert.equal(primaryMetricOf('pose estimation'), undefined);
    assert.equal(primaryMetricOf(undefined), undefined);
    assert.deepEqual(
      keyMetricOf({ task_type: 'object detection', evaluation_metrics: { mAP: 0.1, mAP50: 0.25 } }),
      { name: 'mAP50', value: 0.25 },
    );
  });

  it('is the framework’s first metric for another task, or when the task is unknown', () => {
    const metrics = { AP: 0.75, AR: 0.5 };
    assert.deepEqual(keyMetricOf({ task_type: 'pose estimation', evaluation_metrics: metrics }), {
      name: 'AP',
      value: 0.75,
    });
    assert.deepEqual(keyMetricOf({ evaluation_metrics: metrics }), { name: 'AP', value: 0.75 });
  });

  it('is missing before an evaluation, and when the evaluation lacks the task’s primary metric', () => {
    assert.equal(keyMetricOf({ task_type: 'classification', evaluation_metrics: {} }), undefined);
    assert.equal(
      keyMetricOf({ task_type: 'classification', evaluation_metrics: { precision: 0.5 } }),
      undefined,
      'a primary metric is never replaced by another: the number would mean something else',
    );
  });

  it('prints counts as integers and scores with four decimals', () => {
    assert.equal(formatMetricValue(7), '7');
    assert.equal(formatMetricValue(0.91204), '0.9120');
    assert.equal(formatMetricValue(1.5), '1.5000');
    assert.equal(formatMetric({ name: 'accuracy', value: 0.875 }), 'accuracy 0.8750');
  });
});
