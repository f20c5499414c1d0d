import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrainerEventBody } from '../../../../src/core/events';
import { eventLevel, formatDuration, formatEvent } from '../../../../src/trainapp/logs';
import { step, timed, trainStarted, wholeRun } from './runEvents';

const one = (body: TrainerEventBody) => timed([body])[0] ?? assert.fail('no event');
const shape = { totalEpochs: 20, stepsPerEpoch: 40 };

describe('formatEvent', () => {
  it('writes a step line with aligned epoch and step counts', () => {
    const line = formatEvent(one({ ...step(3, 12, 0.41234), lr: 0.0012 }), shape);
    assert.equal(line, 'epoch  3/20  step 12/40  loss 0.4123  lr 1.2e-3   210 img/s  ETA 1m 04s');
    const other = formatEvent(one({ ...step(12, 3, 1.5), imagesPerSecond: 8.46, etaSeconds: 7300 }), shape);
    assert.equal(other, 'epoch 12/20  step  3/40  loss 1.5000  lr 3.0e-3   8.5 img/s  ETA 2h 01m');
    assert.equal(line.indexOf('loss'), other.indexOf('loss'));
    assert.equal(line.indexOf('img/s'), other.indexOf('img/s'));
  });

  it('still writes a step line before it knows the run (no train_started yet)', () => {
    assert.match(formatEvent(one(step(3, 2, 0.5))) ?? '', /^epoch 3 {2}step 2 {2}loss 0\.5000/);
  });

  it('lists the metrics of an epoch, and the ETA only while there is time left', () => {
    const metrics = { train_loss: 0.38123, val_mAP50: 0.00002 };
    assert.equal(
      formatEvent(one({ type: 'epoch_finished', epoch: 3, metrics, etaSeconds: 310 }), shape),
      'epoch  3/20 done  train_loss 0.3812  val_mAP50 2.00e-5  ETA 5m 10s',
    );
    assert.equal(
      formatEvent(
        one({ type: 'epoch_finished', epoch: 20, metrics: { val_accuracy: 1 }, etaSeconds: 0 }),
        shape,
      ),
      'epoch 20/20 done  val_accuracy 1.0000',
    );
  });

  it('tells the start of training in one line, leaving why backends were skipped to the engine’s log line', () => {
    assert.equal(
      formatEvent(one(trainStarted(2))),
      'training on cpu: 2 epochs of 3 steps, 12 train / 4 val images, resuming at epoch 2',
    );
  });

  it('writes errors with their hint on a second line, and every other kind of event in one line', () => {
    const cases: [TrainerEventBody, string | undefined][] = [
      [
        { type: 'error', message: 'Out of memory', file: '/w/app_state.json', hint: 'Lower batch_size.' },
        'error: Out of memory (/w/app_state.json)\n  Lower batch_size.',
      ],
      [{ type: 'error', message: 'Stopped by the user' }, 'error: Stopped by the user'],
      [
        { type: 'checkpoint_saved', name: 'best', path: 'checkpoints/best.json', epoch: 3, metric: 0.875 },
        'checkpoint best saved (epoch 3, metric 0.8750): checkpoints/best.json',
      ],
      [
        { type: 'checkpoint_saved', name: 'last', path: 'checkpoints/last.json', epoch: 1 },
        'checkpoint last saved (epoch 1): checkpoints/last.json',
      ],
      [{ type: 'log', level: 'info', message: 'converted 12 images' }, 'converted 12 images'],
      [{ type: 'log', level: 'warning', message: 'few images' }, 'warning: few images'],
      [{ type: 'log', level: 'error', message: 'bad image a.png' }, 'error: bad image a.png'],
      [{ type: 'stopping', reason: 'stop requested' }, 'stopping: stop requested'],
      [{ type: 'finalize_step', step: 'evaluate', status: 'started' }, undefined],
      [{ type: 'finalize_step', step: 'evaluate', status: 'done' }, 'finalize evaluate: done'],
      [
        { type: 'finalize_step', step: 'export', status: 'skipped', message: 'no export asked for' },
        'finalize export: skipped (no export asked for)',
      ],
      [
        {
          type: 'train_finished',
          status: 'completed',
          epochs: 20,
          bestCheckpoint: 'best.json',
          bestMetric: 0.9,
        },
        'run completed after 20 epochs, best checkpoint best.json (0.9000)',
      ],
      [{ type: 'train_finished', status: 'stopped', epochs: 1 }, 'run stopped after 1 epoch'],
      [{ type: 'epoch_started', epoch: 1 }, undefined],
      [{ type: 'result', result: {} }, undefined],
    ];
    for (const [body, expected] of cases) assert.equal(formatEvent(one(body)), expected, body.type);
  });

  it('never writes colour codes', () => {
    for (const event of timed(wholeRun)) assert.doesNotMatch(formatEvent(event, shape) ?? '', /\u001b/);
  });
});

describe('formatDuration', () => {
  it('gives the two largest units', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [-5, '0s'],
      [59.4, '59s'],
      [64, '1m 04s'],
      [3600, '1h 00m'],
      [90_061, '1d 01h'],
    ];
    for (const [seconds, text] of cases) assert.equal(formatDuration(seconds), text);
  });
});

describe('eventLevel', () => {
  it('colours problems and leaves progress plain', () => {
    const cases: [TrainerEventBody, string][] = [
      [step(1, 1, 0.5), 'info'],
      [{ type: 'log', level: 'warning', message: 'm' }, 'warning'],
      [{ type: 'log', level: 'error', message: 'm' }, 'error'],
      [{ type: 'error', message: 'm' }, 'error'],
      [{ type: 'stopping', reason: 'r' }, 'warning'],
      [{ type: 'train_finished', status: 'failed', epochs: 0 }, 'error'],
      [{ type: 'train_finished', status: 'stopped', epochs: 0 }, 'warning'],
      [{ type: 'train_finished', status: 'completed', epochs: 2 }, 'info'],
      [{ type: 'finalize_step', step: 'export', status: 'failed' }, 'warning'],
      [{ type: 'finalize_step', step: 'export', status: 'done' }, 'info'],
    ];
    for (const [body, level] of cases) assert.equal(eventLevel(one(body)), level, JSON.stringify(body));
  });
});
