import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readCheckpoint, sha256Of } from '../../src/engine/checkpoint';
import { TrainingError } from '../../src/engine/train';
import type { TrainJob } from '../../src/engine/train';
import type { ShapesDataset } from './support';
import { classificationJob, hyperparameters, ofType, recordTraining, useShapesFolder } from './support';

const shapes = useShapesFolder('behaviours');
const job = (overrides: Record<string, unknown>, extra: Partial<TrainJob> = {}) =>
  classificationJob(shapes.dataset, extra.outputDir ?? shapes.newOutputDir(), {
    hyperparameters: hyperparameters(overrides),
    ...extra,
  });

/** Runs a job that must fail; returns its error and the events it emitted. */
async function failing(failingJob: TrainJob) {
  const events: string[] = [];
  let caught: unknown;
  try {
    await recordTraining(failingJob, (event) => events.push(JSON.stringify(event)));
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof TrainingError, `expected a TrainingError, got ${String(caught)}`);
  const last = JSON.parse(events.at(-1) ?? '{}') as { type?: string; message?: string; file?: string };
  assert.equal(last.type, 'error');
  assert.equal(last.message, caught.problem.message);
  return { error: caught, event: last };
}

describe('training behaviours', () => {
  it('stops early when the validation metric stops improving for `patience` epochs', async () => {
    // A learning rate this small leaves the predictions, and so the accuracy, unchanged.
    const { result, events } = await recordTraining(
      job({ epochs: 6, patience: 2, optimizer: { lr: 1e-9 }, warmup: { steps: 0 } }),
    );
    assert.equal(result.status, 'completed');
    assert.equal(result.epochs, 3);
    assert.match(
      ofType(events, 'stopping')[0]?.reason ?? '',
      /early stopping: val_accuracy has not improved for 2 epochs/,
    );
    assert.equal(result.bestCheckpoint, 'checkpoints/best.json');
    assert.equal(ofType(events, 'train_finished')[0]?.epochs, 3);
  });

  it('checkpoint_now saves last after the current batch and carries on', async () => {
    const outputDir = shapes.newOutputDir();
    let saved: unknown;
    const { result, events } = await recordTraining(
      job({ epochs: 1, checkpoint_freq: 0 }, { outputDir }),
      (event, stop) => {
        if (event.type === 'step_finished' && event.step === 2) stop.requestCheckpoint();
        if (event.type === 'checkpoint_saved' && saved === undefined) {
          saved = readCheckpoint(path.join(outputDir, event.path)).sidecar.position;
        }
      },
    );
    assert.equal(result.status, 'completed');
    assert.deepEqual(saved, {
      epoch: 1,
      stepInEpoch: 2,
      stepsPerEpoch: 5,
      epochComplete: false,
      globalStep: 2,
      learningRate: ofType(events, 'step_finished')[1]?.lr,
    });
    const at = events.findIndex((event) => event.type === 'checkpoint_saved');
    const [before, after] = [events[at - 1], events[at + 1]];
    assert.deepEqual(
      [before?.type === 'step_finished' && before.step, after?.type === 'step_finished' && after.step],
      [2, 3],
    );
  });

  it('drops a last batch of one image when the network has batch norm, and says so once', async () => {
    const { result, events } = await recordTraining(
      job({ epochs: 2, batch_size: 4 }, { train: shapes.dataset.train.slice(0, 9) }),
    );
    assert.equal(ofType(events, 'train_started')[0]?.stepsPerEpoch, 2);
    assert.equal(ofType(events, 'step_finished').length, 4);
    assert.equal(
      ofType(events, 'log').filter(({ message }) => message.includes('drops its last batch')).length,
      1,
    );
    assert.equal(result.status, 'completed');
  });

  it('without validation images: no best, no metric, a warning', async () => {
    const { result, events } = await recordTraining(job({ epochs: 1 }, { val: [] }));
    assert.equal(result.bestCheckpoint, undefined);
    assert.deepEqual(result.checkpoints, ['checkpoints/epoch_1.json', 'checkpoints/last.json']);
    assert.deepEqual(Object.keys(ofType(events, 'epoch_finished')[0]?.metrics ?? {}), ['train_loss']);
    assert.ok(
      ofType(events, 'log').some(
        ({ level, message }) => level === 'warning' && /no validation images/i.test(message),
      ),
    );
  });

  it('refuses to resume from a checkpoint without optimizer state, naming it', async () => {
    const outputDir = shapes.newOutputDir();
    await recordTraining(job({ epochs: 2 }, { outputDir }));
    const best = path.join(outputDir, 'checkpoints/best.json');
    const { error, event } = await failing(job({ epochs: 3 }, { outputDir, resumeFrom: best }));
    assert.equal(event.file, best);
    assert.match(error.message, /holds no optimizer state.*last\.json/);
    const last = path.join(outputDir, 'checkpoints/last.json');
    const finished = await failing(job({ epochs: 2 }, { outputDir, resumeFrom: last }));
    assert.match(finished.error.message, /already trained all 2 epochs.*Raise epochs/);
    const other = await failing(
      job({ epochs: 3 }, { outputDir, resumeFrom: last, classes: ['disc', 'ring'] }),
    );
    assert.match(other.error.message, /classes \[square, disc, triangle, ring\] differ/);
    // Extending a finished run is a resume: it trains epoch 3 only.
    const extended = await recordTraining(job({ epochs: 3 }, { outputDir, resumeFrom: last }));
    assert.deepEqual(
      ofType(extended.events, 'epoch_started').map(({ epoch }) => epoch),
      [3],
    );
    assert.ok(
      ofType(extended.events, 'log').some(({ message }) =>
        /will not reproduce.*hyperparameters changed.*epochs/.test(message),
      ),
    );
  });

  it('reports a missing or damaged checkpoint as an error event with the file', async () => {
    const missing = path.join(shapes.path, 'nowhere/last.json');
    const { event } = await failing(job({}, { initFrom: missing }));
    assert.equal(event.file, missing);
    assert.match(event.message ?? '', /does not exist/);
  });

  it('fine-tunes on another class list: head re-initialised, mapping reported, no optimizer state taken', async () => {
    const outputDir = shapes.newOutputDir();
    await recordTraining(job({ epochs: 1 }, { outputDir }));
    const source = path.join(outputDir, 'checkpoints/last.json');
    const classes = ['ring', 'square', 'star'];
    const subset = (items: ShapesDataset['train']) =>
      items.filter((item) => classes.includes(item.name.split('/')[0] ?? ''));
    const { result, events } = await recordTraining(
      job(
        { epochs: 1 },
        { classes, train: subset(shapes.dataset.train), val: subset(shapes.dataset.val), initFrom: source },
      ),
    );
    assert.deepEqual(result.classMapping, {
      classes: [
        { name: 'square', from: 0, to: 1 },
        { name: 'disc', from: 1, to: null },
        { name: 'triangle', from: 2, to: null },
        { name: 'ring', from: 3, to: 0 },
      ],
      added: ['star'],
      dropped: ['disc', 'triangle'],
      headReinitialised: true,
    });
    const message =
      ofType(events, 'log').find(({ message: text }) => text.startsWith('Fine-tuning from'))?.message ?? '';
    assert.match(message, /loaded 15 of 17 weights; the class list differs, so the head is re-initialised/);
    assert.equal(ofType(events, 'step_finished')[0]?.globalStep, 1, 'a new run, not a resume');
    const other = await failing(
      classificationJob(shapes.dataset, shapes.newOutputDir(), {
        arch: 'cls-m',
        initFrom: source,
        hyperparameters: hyperparameters({ epochs: 1 }),
      }),
    );
    assert.match(other.error.message, /'cls-s' model, but this run trains 'cls-m'/);
  });

  it('refuses a job that asks both to resume and to fine-tune', async () => {
    const missing = path.join(shapes.path, 'nowhere/last.json');
    const { error } = await failing(job({}, { resumeFrom: missing, initFrom: missing }));
    assert.match(error.message, /both to resume a run and to fine-tune/);
    assert.match(error.problem.hint ?? '', /Pick one/);
  });

  it('stops with a clear error when the loss is not finite, before saving anything from that step', async () => {
    const outputDir = shapes.newOutputDir();
    await recordTraining(job({ epochs: 1 }, { outputDir }));
    // A checkpoint whose weights are all NaN, consistent with its sidecar, so it loads and poisons step 1.
    const poisoned = path.join(shapes.path, 'poisoned');
    fs.mkdirSync(poisoned, { recursive: true });
    const { sidecar, path: sidecarPath } = readCheckpoint(path.join(outputDir, 'checkpoints/last.json'));
    const bytes = fs.readFileSync(path.join(path.dirname(sidecarPath), sidecar.tensorFile.file));
    for (const tensor of sidecar.tensors.filter(({ group }) => group === 'weights')) {
      new Float32Array(bytes.buffer, bytes.byteOffset + tensor.byteOffset, tensor.byteLength / 4).fill(NaN);
    }
    const file = 'last.poisoned.bin';
    fs.writeFileSync(path.join(poisoned, file), bytes);
    const tensorFile = { file, byteLength: bytes.length, sha256: sha256Of(bytes) };
    fs.writeFileSync(path.join(poisoned, 'last.json'), JSON.stringify({ ...sidecar, tensorFile }));

    const runDir = shapes.newOutputDir();
    const { error } = await failing(
      job({ epochs: 1 }, { outputDir: runDir, initFrom: path.join(poisoned, 'last.json') }),
    );
    assert.match(error.message, /the training loss became NaN at epoch 1, step 1/);
    assert.match(error.problem.hint ?? '', /Lower optimizer\.lr/);
    assert.ok(!fs.existsSync(path.join(runDir, 'checkpoints/last.json')), 'nothing saved from a NaN step');
  });
});
