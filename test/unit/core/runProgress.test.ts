import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrainerEvent, TrainerEventBody } from '../../../src/core/events';
import {
  advanceProgress,
  describeProgress,
  formatDuration,
  INITIAL_PROGRESS,
} from '../../../src/core/runProgress';
import type { RunProgress } from '../../../src/core/runProgress';

const stamp = (body: TrainerEventBody): TrainerEvent => ({
  ...body,
  time: '2026-11-24T00:00:00.000Z',
  runId: '7_tfjs',
});

const fold = (bodies: readonly TrainerEventBody[]): RunProgress =>
  bodies.map(stamp).reduce(advanceProgress, INITIAL_PROGRESS);

const started: TrainerEventBody = {
  type: 'train_started',
  totalEpochs: 4,
  stepsPerEpoch: 10,
  startEpoch: 1,
  backend: 'cpu',
  skippedBackends: [],
  trainSize: 40,
  valSize: 10,
};

const step = (epoch: number, globalStep: number, etaSeconds: number): TrainerEventBody => ({
  type: 'step_finished',
  epoch,
  step: globalStep - (epoch - 1) * 10,
  globalStep,
  totalSteps: 40,
  loss: 0.5,
  lr: 0.01,
  imagesPerSecond: 100,
  etaSeconds,
});

describe('run progress', () => {
  it('starts with no epoch and says so', () => {
    assert.equal(describeProgress(INITIAL_PROGRESS), 'starting');
  });

  it('knows the experiment folder from the first event', () => {
    const progress = fold([
      { type: 'experiment_opened', experimentDir: '/w/experiments/p/7_tfjs', command: 'train' },
    ]);
    assert.equal(progress.phase, 'preparing');
    assert.equal(progress.experimentDir, '/w/experiments/p/7_tfjs');
    assert.equal(describeProgress(progress), 'preparing');
  });

  it('counts epochs, percent and ETA from steps', () => {
    const progress = fold([started, step(1, 10, 95), { type: 'epoch_started', epoch: 2 }, step(2, 15, 83)]);
    assert.equal(progress.phase, 'training');
    assert.equal(progress.epoch, 2);
    assert.equal(progress.fraction, 15 / 40);
    assert.equal(describeProgress(progress), 'epoch 2/4 · 37% · ETA 1:23');
  });

  it('places a resumed run at its start epoch before the first step', () => {
    const progress = fold([{ ...started, startEpoch: 3 }]);
    assert.equal(progress.fraction, 0.5);
    assert.equal(describeProgress(progress), 'epoch 3/4 · 50%');
  });

  it('keeps the latest epoch metrics', () => {
    const progress = fold([
      started,
      { type: 'epoch_finished', epoch: 1, metrics: { train_loss: 0.9, val_accuracy: 0.5 }, etaSeconds: 30 },
      { type: 'epoch_finished', epoch: 2, metrics: { train_loss: 0.4, val_accuracy: 0.75 }, etaSeconds: 15 },
    ]);
    assert.deepEqual(progress.metrics, { train_loss: 0.4, val_accuracy: 0.75 });
  });

  it('drops the ETA while finalising and reports how the run ended', () => {
    const finalizing = fold([
      started,
      step(1, 10, 20),
      { type: 'finalize_step', step: 'evaluate', status: 'started' },
    ]);
    assert.equal(finalizing.etaSeconds, undefined);
    assert.equal(describeProgress(finalizing), 'finalising');
    const ended = advanceProgress(
      finalizing,
      stamp({ type: 'train_finished', status: 'stopped', epochs: 1 }),
    );
    assert.equal(ended.phase, 'ended');
    assert.equal(describeProgress(ended), 'stopped');
  });

  it('keeps the error and its hint', () => {
    const progress = fold([{ type: 'error', message: 'No class `cat`.', hint: 'Pick one of dog, bird.' }]);
    assert.deepEqual(progress.error, { message: 'No class `cat`.', hint: 'Pick one of dog, bird.' });
  });

  it('formats durations as people read them', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(59.6), '1:00');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(formatDuration(-3), '0:00');
  });
});
