// Trainer events as a run emits them, for the log tests: a run of 2 epochs × 3 steps, with valid times.
import type { TrainerEvent, TrainerEventBody } from '../../../../src/core/events';

const START = Date.parse('2026-03-01T12:00:00.000Z');

/** Events one second apart from START, each with the run id. */
export function timed(bodies: readonly TrainerEventBody[], firstSecond = 0): TrainerEvent[] {
  return bodies.map((body, index) => ({
    ...body,
    time: new Date(START + (firstSecond + index) * 1000).toISOString(),
    runId: '1_tfjs',
  }));
}

type Body<Type extends TrainerEventBody['type']> = Extract<TrainerEventBody, { type: Type }>;

export function step(epoch: number, stepInEpoch: number, loss: number): Body<'step_finished'> {
  return {
    type: 'step_finished',
    epoch,
    step: stepInEpoch,
    globalStep: (epoch - 1) * 3 + stepInEpoch,
    totalSteps: 6,
    loss,
    lr: 0.001 * stepInEpoch,
    imagesPerSecond: 210.4,
    etaSeconds: 64,
  };
}

export const trainStarted = (startEpoch = 1): Body<'train_started'> => ({
  type: 'train_started',
  totalEpochs: 2,
  stepsPerEpoch: 3,
  startEpoch,
  backend: 'cpu',
  skippedBackends: [{ backend: 'tensorflow', reason: 'tfjs-node is not installed' }],
  trainSize: 12,
  valSize: 4,
});

export const wholeRun: readonly TrainerEventBody[] = [
  trainStarted(),
  { type: 'epoch_started', epoch: 1 },
  step(1, 1, 0.9),
  step(1, 2, 0.8),
  step(1, 3, 0.7),
  {
    type: 'epoch_finished',
    epoch: 1,
    metrics: { train_loss: 0.8, val_loss: 0.75, val_accuracy: 0.5 },
    etaSeconds: 3,
  },
  { type: 'checkpoint_saved', name: 'best', path: 'checkpoints/best.json', epoch: 1, metric: 0.5 },
  { type: 'epoch_started', epoch: 2 },
  step(2, 1, 0.6),
  step(2, 2, 0.5),
  step(2, 3, 0.4),
  {
    type: 'epoch_finished',
    epoch: 2,
    metrics: { train_loss: 0.5, val_loss: 0.45, val_accuracy: 0.75 },
    etaSeconds: 0,
  },
  { type: 'log', level: 'warning', message: 'val set has 4 images' },
  { type: 'train_finished', status: 'completed', epochs: 2, bestCheckpoint: 'best.json', bestMetric: 0.75 },
  { type: 'result', result: { checkpoints: [] } },
  { type: 'finalize_step', step: 'evaluate', status: 'done' },
];
