import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planEpoch } from '../../../../src/engine/train/epochPlan';
import { TrainingError } from '../../../../src/engine/train/errors';

describe('epoch plan', () => {
  it('keeps a last partial batch', () => {
    assert.deepEqual(planEpoch(10, 4, true), { stepsPerEpoch: 3, dropLast: false, note: undefined });
    assert.deepEqual(planEpoch(3, 16, true), { stepsPerEpoch: 1, dropLast: false, note: undefined });
  });

  it('drops a last batch of one image when the network has batch norm, and says why', () => {
    const plan = planEpoch(9, 4, true);
    assert.equal(plan.stepsPerEpoch, 2);
    assert.equal(plan.dropLast, true);
    assert.match(plan.note ?? '', /batch norm/);
    assert.equal(planEpoch(9, 4, false).stepsPerEpoch, 3);
  });

  it('refuses an empty split and a single image with batch norm', () => {
    assert.throws(() => planEpoch(0, 4, false), TrainingError);
    assert.throws(() => planEpoch(1, 4, true), /single image/);
    assert.equal(planEpoch(1, 4, false).stepsPerEpoch, 1);
  });
});
