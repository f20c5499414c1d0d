import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downsampleCurve, MAX_CURVE_POINTS } from '../../../src/metrics/prCurve';

const curveOf = (length: number) => {
  const index = Array.from({ length }, (_, i) => i);
  return {
    className: 'a',
    recall: index.map((i) => i / length),
    precision: index.map((i) => 1 - i / (2 * length)),
    score: index.map((i) => 1 - i / length),
  };
};

describe('precision-recall curve downsampling', () => {
  it('leaves a curve of up to 201 points alone', () => {
    const curve = curveOf(MAX_CURVE_POINTS);
    assert.equal(downsampleCurve(curve), curve);
    assert.equal(MAX_CURVE_POINTS, 201);
  });

  it('keeps evenly spaced points, the first and the last among them', () => {
    const thinned = downsampleCurve(curveOf(10), 4);
    // Indices 0, 3, 6, 9.
    assert.deepEqual(thinned.recall, [0, 0.3, 0.6, 0.9]);
    assert.deepEqual(thinned.score, [1, 0.7, 0.4, 1 - 0.9]);
    assert.deepEqual(thinned.precision, [1, 0.85, 0.7, 0.55]);
    assert.equal(thinned.className, 'a');
  });

  it('thins a long curve to exactly the limit, in order, without repeats', () => {
    const thinned = downsampleCurve(curveOf(100_000));
    assert.equal(thinned.score.length, MAX_CURVE_POINTS);
    assert.equal(thinned.score[0], 1);
    assert.equal(thinned.recall.at(-1), 99_999 / 100_000);
    assert.ok(thinned.recall.every((value, i) => i === 0 || value > (thinned.recall[i - 1] ?? 1)));
  });
});
