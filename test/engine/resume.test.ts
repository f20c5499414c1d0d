import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BuiltinHyperparameters } from '../../src/core/schemas/hyperparameters';
import { readCheckpoint } from '../../src/engine/checkpoint';
import type { TrainerEventBody } from '../../src/core/events';
import type { StopController } from '../../src/engine/train';
import type { RecordedRun } from './support';
import { classificationJob, hyperparameters, ofType, recordTraining, useShapesFolder } from './support';

// Exact resume: a run stopped and resumed must take the very same steps as one that never stopped. On one
// backend the arithmetic is deterministic, so the tolerance is zero: losses and final tensors bit-identical.

const shapes = useShapesFolder('resume');

const ADAMW_EMA: BuiltinHyperparameters = hyperparameters({
  ema: { enabled: true, decay: 0.95 },
  clip_grad_norm: 2,
  patience: 3,
});
const SGD_MULTISTEP: BuiltinHyperparameters = hyperparameters({
  optimizer: { type: 'SGD', lr: 0.01, momentum: 0.8, weight_decay: 0.001 },
  lr_scheduler: { type: 'multistep', milestones: [1, 3], gamma: 0.5 },
  warmup: { steps: 4, start_factor: 0.5 },
});

function train(
  settings: BuiltinHyperparameters,
  outputDir: string,
  onEvent?: (event: TrainerEventBody, stop: StopController) => void,
  resumeFrom?: string,
) {
  return recordTraining(
    classificationJob(shapes.dataset, outputDir, {
      hyperparameters: settings,
      ...(resumeFrom ? { resumeFrom } : {}),
    }),
    onEvent,
  );
}

const stepLosses = ({ events }: RecordedRun) => ofType(events, 'step_finished').map(({ loss }) => loss);
const epochMetrics = ({ events }: RecordedRun) =>
  ofType(events, 'epoch_finished').map(({ epoch, metrics }) => ({ epoch, metrics }));
const lastTensorHash = (outputDir: string) =>
  readCheckpoint(path.join(outputDir, 'checkpoints/last.json')).sidecar.tensorFile.sha256;

async function checkResumeMatches(
  settings: BuiltinHyperparameters,
  stopWhen: (event: TrainerEventBody) => boolean,
) {
  const straightDir = shapes.newOutputDir();
  const straight = await train(settings, straightDir);

  const outputDir = shapes.newOutputDir();
  const first = await train(settings, outputDir, (event, stop) => {
    if (stopWhen(event)) stop.requestStop('test stop');
  });
  assert.equal(first.result.status, 'stopped');
  assert.ok(ofType(first.events, 'stopping').length === 1);
  assert.equal(first.events.at(-1)?.type, 'train_finished');
  const stoppedAt = readCheckpoint(path.join(outputDir, 'checkpoints/last.json')).sidecar.position;
  const resumed = await train(settings, outputDir, undefined, path.join(outputDir, 'checkpoints/last.json'));

  assert.equal(resumed.result.status, 'completed');
  assert.deepEqual([...stepLosses(first), ...stepLosses(resumed)], stepLosses(straight), 'per-step losses');
  const resumedGlobalSteps = ofType(resumed.events, 'step_finished').map(({ globalStep }) => globalStep);
  assert.equal(resumedGlobalSteps[0], stepLosses(first).length + 1);
  // Metrics of every epoch, including one split by the stop, match too (its train_loss survives the stop).
  const byEpoch = new Map(
    [...epochMetrics(first), ...epochMetrics(resumed)].map(({ epoch, metrics }) => [epoch, metrics]),
  );
  assert.deepEqual(
    [...byEpoch.entries()],
    epochMetrics(straight).map(({ epoch, metrics }) => [epoch, metrics]),
  );
  assert.equal(lastTensorHash(outputDir), lastTensorHash(straightDir), 'final weights, EMA and moments');
  assert.deepEqual(resumed.result.bestMetric, straight.result.bestMetric);
  assert.deepEqual(resumed.result.checkpoints, straight.result.checkpoints);
  assert.equal(resumed.result.epochs, 4);
  return { first, resumed, stoppedAt };
}

describe('stop and exact resume', () => {
  it('stopped after epoch 2 and resumed to 4 matches an uninterrupted run bit for bit (AdamW, EMA, clipping)', async () => {
    const { first, resumed } = await checkResumeMatches(
      ADAMW_EMA,
      (event) => event.type === 'epoch_finished' && event.epoch === 2,
    );
    assert.equal(first.result.epochs, 2);
    const [started] = ofType(resumed.events, 'train_started');
    assert.equal(started?.startEpoch, 3);
  });

  it('stopped after step 2 of epoch 2 and resumed matches too, mid-epoch', async () => {
    const { first, resumed, stoppedAt } = await checkResumeMatches(
      ADAMW_EMA,
      (event) => event.type === 'step_finished' && event.epoch === 2 && event.step === 2,
    );
    // The stop finished the batch it was requested in, and no other.
    const lastStep = ofType(first.events, 'step_finished').at(-1);
    assert.deepEqual([lastStep?.epoch, lastStep?.step], [2, 2]);
    assert.equal(first.result.epochs, 1);
    assert.deepEqual(
      [stoppedAt.epoch, stoppedAt.stepInEpoch, stoppedAt.epochComplete, stoppedAt.globalStep],
      [2, 2, false, 7],
    );
    assert.equal(ofType(resumed.events, 'train_started')[0]?.startEpoch, 2);
    assert.equal(ofType(resumed.events, 'step_finished')[0]?.step, 3);
  });

  it('resumes SGD with momentum, multistep decay and warmup exactly', async () => {
    await checkResumeMatches(
      SGD_MULTISTEP,
      (event) => event.type === 'step_finished' && event.epoch === 3 && event.step === 1,
    );
  });
});
