import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuiltinHyperparameters } from '../../../../src/core/schemas/hyperparameters';
import { createSchedule } from '../../../../src/engine/train/schedule';

const settings = (overrides: Record<string, unknown>) => BuiltinHyperparameters.parse(overrides);
const close = (actual: number, expected: number) => {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
};

describe('learning-rate schedule', () => {
  it('warms up linearly from start_factor·lr over warmup.steps, then follows the schedule', () => {
    const schedule = createSchedule(
      settings({
        epochs: 3,
        optimizer: { lr: 0.1 },
        lr_scheduler: { type: 'step', step_size: 10 },
        warmup: { steps: 4, start_factor: 0.2 },
      }),
      5,
    );
    [0.02, 0.04, 0.06, 0.08, 0.1, 0.1].forEach((expected, index) => {
      close(schedule(index + 1), expected);
    });
  });

  it('cosine anneals per optimizer step from lr at the first step to min_lr at the last', () => {
    const schedule = createSchedule(
      settings({ epochs: 4, optimizer: { lr: 0.01 }, lr_scheduler: { type: 'cosine', min_lr: 0.001 } }),
      10,
    );
    close(schedule(1), 0.01);
    close(schedule(40), 0.001);
    // Halfway between the first and last step, the cosine is at its midpoint.
    const halfway = 1 + 39 / 2;
    close((schedule(Math.floor(halfway)) + schedule(Math.ceil(halfway))) / 2, 0.0055 + 0);
    assert.ok(schedule(2) < schedule(1) && schedule(39) > schedule(40), 'decreasing at both ends');
  });

  it('step multiplies by gamma every step_size epochs, at epoch boundaries', () => {
    const schedule = createSchedule(
      settings({ epochs: 6, optimizer: { lr: 1 }, lr_scheduler: { type: 'step', step_size: 2, gamma: 0.5 } }),
      3,
    );
    const perEpoch = [0, 1, 2, 3, 4, 5].map((epoch) => schedule(epoch * 3 + 1));
    assert.deepEqual(perEpoch, [1, 1, 0.5, 0.5, 0.25, 0.25]);
    assert.equal(schedule(6), 1, 'the last step of epoch 2 is still undecayed');
  });

  it('multistep multiplies by gamma from each milestone epoch on (0-based, as PyTorch)', () => {
    const schedule = createSchedule(
      settings({
        epochs: 5,
        optimizer: { lr: 1 },
        lr_scheduler: { type: 'multistep', milestones: [1, 3], gamma: 0.1 },
      }),
      2,
    );
    const perEpoch = [0, 1, 2, 3, 4].map((epoch) => schedule(epoch * 2 + 1));
    perEpoch.forEach((value, index) => {
      close(value, [1, 0.1, 0.1, 0.01, 0.01][index] ?? Number.NaN);
    });
  });

  it('a single-step run stays at lr', () => {
    const schedule = createSchedule(settings({ epochs: 1, optimizer: { lr: 0.5 } }), 1);
    close(schedule(1), 0.5);
  });
});
