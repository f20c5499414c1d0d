import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrainerCommand, parseTrainerEvent } from '../../src/core/events';

const base = { time: '2026-11-23T10:00:00.000Z', runId: 'run-1' };

describe('trainer event protocol', () => {
  it('accepts each event the trainer emits', () => {
    const lines = [
      { type: 'epoch_started', epoch: 1 },
      {
        type: 'step_finished',
        epoch: 1,
        step: 3,
        globalStep: 3,
        totalSteps: 40,
        loss: 0.7,
        lr: 1e-3,
        imagesPerSecond: 51.2,
        etaSeconds: 12,
      },
      { type: 'epoch_finished', epoch: 1, metrics: { train_loss: 0.5, val_accuracy: 0.9 }, etaSeconds: 3 },
      { type: 'checkpoint_saved', name: 'best', path: 'checkpoints/best.json', epoch: 1, metric: 0.9 },
      { type: 'train_finished', status: 'stopped', epochs: 1, bestCheckpoint: 'best.json' },
      { type: 'error', message: 'Out of memory', hint: 'Lower batch_size.' },
    ];
    for (const line of lines) {
      const parsed = parseTrainerEvent(JSON.stringify({ ...base, ...line }));
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.equal(parsed.value.type, line.type);
    }
  });

  it('names the field at fault and never throws on garbage', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not a JSON trainer event: not json/],
      [JSON.stringify({ ...base, type: 'epoch_started', epoch: 0 }), /at 'epoch'/],
      [
        JSON.stringify({
          ...base,
          type: 'step_finished',
          epoch: 1,
          step: 1,
          globalStep: 1,
          totalSteps: 1,
          loss: null,
          lr: 0,
          imagesPerSecond: 0,
          etaSeconds: 0,
        }),
        /at 'loss'/,
      ],
      [JSON.stringify({ type: 'epoch_started', epoch: 1, runId: 'r' }), /at 'time'/],
      [JSON.stringify({ ...base, type: 'party' }), /at 'type'/],
    ];
    for (const [line, message] of cases) {
      const parsed = parseTrainerEvent(line);
      assert.ok(!parsed.ok, line);
      assert.match(parsed.error, message);
    }
  });

  it('parses the stdin commands and rejects others', () => {
    assert.deepEqual(parseTrainerCommand('{"type":"stop"}'), { ok: true, value: { type: 'stop' } });
    assert.deepEqual(parseTrainerCommand('{"type":"checkpoint_now"}'), {
      ok: true,
      value: { type: 'checkpoint_now' },
    });
    assert.equal(parseTrainerCommand('{"type":"pause"}').ok, false);
  });
});
