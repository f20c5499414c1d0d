import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { readCheckpoint } from '../../src/engine/checkpoint';
import { createPipeline } from '../../src/engine/pipeline';
import { evaluateModel, loadCheckpoint } from '../../src/engine/train';
import { createSchedule } from '../../src/engine/train/schedule';
import type { RecordedRun } from './support';
import { classificationJob, hyperparameters, ofType, recordTraining, useShapesFolder } from './support';

describe('a training run', () => {
  const shapes = useShapesFolder('run');
  let run: RecordedRun;
  const tensorsAtEpochEnd = new Map<number, number>();
  const settings = hyperparameters({
    epochs: 5,
    checkpoint_freq: 2,
    ema: { enabled: true, decay: 0.99 },
    clip_grad_norm: 5,
    lr_scheduler: { type: 'cosine', min_lr: 0.0001 },
  });

  before(async () => {
    const job = classificationJob(shapes.dataset, path.join(shapes.path, 'experiment'), {
      hyperparameters: settings,
    });
    run = await recordTraining(job, (event) => {
      if (event.type === 'epoch_finished') tensorsAtEpochEnd.set(event.epoch, tf.memory().numTensors);
    });
  });

  it('emits the protocol in order: started, epochs of steps, checkpoints, finished', () => {
    const { events } = run;
    const types = events.map((event) => event.type);
    assert.equal(types.filter((type) => type === 'train_started').length, 1);
    assert.equal(types.at(-1), 'train_finished');
    const [started] = ofType(events, 'train_started');
    assert.deepEqual(
      { ...started, time: undefined },
      {
        time: undefined,
        runId: 'test',
        type: 'train_started',
        totalEpochs: 5,
        stepsPerEpoch: 5,
        startEpoch: 1,
        backend: 'wasm',
        skippedBackends: [],
        trainSize: 20,
        valSize: 4,
      },
    );
    assert.deepEqual(
      ofType(events, 'epoch_started').map(({ epoch }) => epoch),
      [1, 2, 3, 4, 5],
    );
    const steps = ofType(events, 'step_finished');
    assert.deepEqual(
      steps.map(({ globalStep }) => globalStep),
      Array.from({ length: 25 }, (_, index) => index + 1),
    );
    assert.deepEqual(
      steps.slice(0, 6).map(({ epoch, step }) => [epoch, step]),
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
        [1, 5],
        [2, 1],
      ],
    );
    assert.ok(steps.every(({ totalSteps, imagesPerSecond }) => totalSteps === 25 && imagesPerSecond > 0));
    // The last step's time left is the last validation's.
    assert.ok((steps.at(-1)?.etaSeconds ?? Infinity) < (steps[0]?.etaSeconds ?? 0));
    assert.equal(ofType(events, 'epoch_finished').at(-1)?.etaSeconds, 0);
  });

  it('steps the learning rate through warmup and cosine, per optimizer step', () => {
    const schedule = createSchedule(settings, 5);
    ofType(run.events, 'step_finished').forEach(({ globalStep, lr }) => {
      assert.equal(lr, schedule(globalStep));
    });
    const rates = ofType(run.events, 'step_finished').map(({ lr }) => lr);
    assert.ok((rates[0] ?? 0) < (rates[3] ?? 0), 'warmup rises');
    assert.ok(Math.abs((rates.at(-1) ?? 0) - 0.0001) < 1e-12, 'cosine ends at min_lr');
  });

  it('reports train_loss and val_ metrics each epoch, and learns', () => {
    const finished = ofType(run.events, 'epoch_finished');
    assert.equal(finished.length, 5);
    for (const { metrics } of finished) {
      assert.deepEqual(Object.keys(metrics).sort(), [
        'train_loss',
        'val_accuracy',
        'val_expected_calibration_error',
        'val_f1',
        'val_loss',
        'val_maximum_calibration_error',
        'val_precision',
        'val_recall',
      ]);
    }
    const trainLoss = finished.map(({ metrics }) => metrics.train_loss ?? Infinity);
    assert.ok((trainLoss.at(-1) ?? Infinity) < (trainLoss[0] ?? 0), `train_loss ${trainLoss.join(', ')}`);
  });

  it('keeps the tensor count constant from epoch to epoch', () => {
    assert.equal(tensorsAtEpochEnd.get(4), tensorsAtEpochEnd.get(2));
    assert.equal(tensorsAtEpochEnd.get(5), tensorsAtEpochEnd.get(2));
  });

  it('writes best by the validation metric, periodic and last checkpoints, each loadable', () => {
    const { result } = run;
    assert.equal(result.status, 'completed');
    assert.equal(result.epochs, 5);
    assert.deepEqual(result.checkpoints, [
      'checkpoints/epoch_2.json',
      'checkpoints/epoch_4.json',
      'checkpoints/best.json',
      'checkpoints/last.json',
    ]);
    const accuracies = ofType(run.events, 'epoch_finished').map(({ metrics }) => metrics.val_accuracy ?? -1);
    assert.deepEqual(result.bestMetric, { name: 'val_accuracy', value: Math.max(...accuracies) });
    const outputDir = path.join(shapes.path, 'experiment');
    for (const checkpoint of result.checkpoints) {
      const stored = readCheckpoint(path.join(outputDir, checkpoint));
      const groups = new Set(stored.tensors.map(({ group }) => group));
      const isLast = checkpoint.endsWith('last.json');
      assert.deepEqual(
        [...groups].sort(),
        isLast ? ['ema', 'optimizer', 'state', 'weights'] : ['ema', 'state', 'weights'],
      );
      assert.equal(stored.sidecar.progress !== undefined, isLast);
    }
    const best = readCheckpoint(path.join(outputDir, 'checkpoints/best.json')).sidecar;
    assert.equal(best.position.epoch, accuracies.indexOf(Math.max(...accuracies)) + 1);
    const last = readCheckpoint(path.join(outputDir, 'checkpoints/last.json')).sidecar;
    assert.deepEqual(last.optimizer, { type: 'AdamW', step: 25 });
    assert.deepEqual(last.ema, { updates: 25 });
    const saved = ofType(run.events, 'checkpoint_saved').map(({ name, epoch }) => `${name}@${epoch}`);
    assert.ok(saved.includes('epoch_2@2') && saved.includes('last@5'));
  });

  it('a loaded checkpoint evaluates as validation did (EMA weights)', async () => {
    const loaded = loadCheckpoint(path.join(shapes.path, 'experiment/checkpoints/last.json'));
    const pipeline = createPipeline(shapes.dataset.val, {
      task: 'classification',
      classes: shapes.dataset.classes,
      inputSize: 32,
    });
    try {
      const evaluation = await evaluateModel({ ...loaded, task: 'classification', pipeline, batchSize: 4 });
      const lastEpoch = ofType(run.events, 'epoch_finished').at(-1);
      assert.equal(evaluation.metrics.accuracy, lastEpoch?.metrics.val_accuracy);
      assert.ok(Math.abs(evaluation.loss - (lastEpoch?.metrics.val_loss ?? Infinity)) < 1e-6);
    } finally {
      await pipeline.close();
      loaded.network.dispose();
    }
  });
});
