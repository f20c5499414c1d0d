import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classTitle, topClass } from '../../../src/metrics/predictions';

// The one place the predicted class of a classification and the name of a class index are decided: the
// metrics, the worst predictions, the drawings and predict's files all use these.

describe('topClass', () => {
  it('is the highest score and its index', () => {
    assert.deepEqual(topClass(Float32Array.from([0.1, 0.7, 0.2])), { index: 1, score: Math.fround(0.7) });
  });

  it('takes the first of equal scores', () => {
    assert.deepEqual(topClass([0.2, 0.4, 0.4]), { index: 1, score: 0.4 });
  });

  it('never picks NaN over a number (a diverged model), and is class 0 for no scores', () => {
    assert.deepEqual(topClass([0.3, NaN, 0.5]), { index: 2, score: 0.5 });
    assert.deepEqual(topClass([]), { index: 0, score: 0 });
  });
});

describe('classTitle', () => {
  it("is the class's name, or `class N` past the list", () => {
    assert.equal(classTitle(['cat', 'dog'], 1), 'dog');
    assert.equal(classTitle(['cat', 'dog'], 2), 'class 2');
  });
});
