import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './assertClose';
import { evaluate, PRIMARY_METRIC } from '../../../src/metrics';

const task = 'semantic segmentation';
const mask = (width: number, ...labels: number[]) =>
  ({ task, width, height: labels.length / width, mask: Uint8Array.from(labels) }) as const;

describe('segmentation metrics', () => {
  it('scores perfect predictions 1, ignoring unscored pixels', () => {
    const { metrics } = evaluate(task, [mask(2, 0, 1, 2, 2)], [mask(2, 0, 1, 2, 255)], ['a', 'b']);
    assert.deepEqual(metrics, { mIoU: 1, pixel_accuracy: 1 });
  });

  it('averages IoU over labels present in truth or prediction, background included', () => {
    // Truth 0 1 1 255 / prediction 0 1 0 1: pixel 3 is not scored; class b (2) is absent from both.
    const result = evaluate(task, [mask(4, 0, 1, 0, 1)], [mask(4, 0, 1, 1, 255)], ['a', 'b']);
    assertClose(result.perClass[0]?.metrics.IoU, 1 / 2);
    assertClose(result.perClass[1]?.metrics.IoU, 1 / 2);
    assert.deepEqual(result.perClass[2], { className: 'b', metrics: { pixels: 0 } });
    assertClose(result.metrics.mIoU, 1 / 2);
    assertClose(result.metrics.pixel_accuracy, 2 / 3);
    assert.deepEqual(result.confusionMatrix, [
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
    assert.equal(PRIMARY_METRIC['semantic segmentation'], 'mIoU');
  });

  it('counts a label that is only predicted as IoU 0', () => {
    const result = evaluate(task, [mask(2, 0, 2)], [mask(2, 0, 0)], ['a', 'b']);
    assertClose(result.perClass[2]?.metrics.IoU, 0);
    assertClose(result.metrics.mIoU, (1 / 2 + 0) / 2);
  });

  it('refuses masks of different sizes and labels outside the classes', () => {
    assert.throws(
      () => evaluate(task, [mask(2, 0, 0)], [mask(1, 0, 0)], ['a']),
      /predicted mask is 2x1, the ground truth 1x2/,
    );
    assert.throws(
      () => evaluate(task, [mask(1, 0)], [mask(1, 3)], ['a']),
      /label 3 is outside background \+ 1 classes/,
    );
  });

  it('refuses a mask whose length does not match its size', () => {
    const short = { task, width: 2, height: 2, mask: Uint8Array.from([0, 1, 1]) } as const;
    assert.throws(
      () => evaluate(task, [short], [mask(2, 0, 1, 1, 0)], ['a']),
      /Image 0: the predicted mask holds 3 labels, not 2x2 = 4/,
    );
    assert.throws(
      () => evaluate(task, [mask(2, 0, 1, 1, 0)], [short], ['a']),
      /Image 0: the ground-truth mask holds 3 labels, not 2x2 = 4/,
    );
  });
});
