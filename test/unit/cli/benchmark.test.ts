import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseBatchSizes } from '../../../src/cli/commands/benchmark';
import { runCliInProcess } from '../../cliInProcess';

// `train-studio benchmark`'s arguments. What it measures is tested end to end in test/engine/speedTest.

describe('train-studio benchmark arguments', () => {
  it('times batch 1, 8 and 32 unless told otherwise, in the order given', () => {
    assert.deepEqual(parseBatchSizes(undefined), { ok: true, sizes: [1, 8, 32] });
    assert.deepEqual(parseBatchSizes('4'), { ok: true, sizes: [4] });
    assert.deepEqual(parseBatchSizes('16, 1,2'), { ok: true, sizes: [16, 1, 2] });
  });

  it('refuses sizes that are not whole numbers from 1 to 1024, or named twice', () => {
    for (const [text, culprit] of [
      ['0', "'0'"],
      ['1,,8', "''"],
      ['1.5', "'1.5'"],
      ['-1', "'-1'"],
      ['2048', "'2048'"],
      ['eight', "'eight'"],
    ] as const) {
      const parsed = parseBatchSizes(text);
      assert.ok(!parsed.ok, text);
      assert.ok(parsed.reason.includes(culprit) && parsed.reason.includes('1,8,32'), parsed.reason);
    }
    const twice = parseBatchSizes('8,1,8');
    assert.ok(!twice.ok && twice.reason.includes('8 twice'));
  });

  it('is bad usage (exit 2, with the usage) for a bad list, a missing folder name or an unknown option', async () => {
    const dir = path.join(os.tmpdir(), 'ts-no-such-experiment');
    for (const args of [
      ['benchmark', dir, '--batch-sizes', '1,0'],
      ['benchmark'],
      ['benchmark', dir, '--batch', '4'],
    ]) {
      const run = await runCliInProcess(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.err, /^train-studio benchmark: .+\.\nUsage: train-studio benchmark <experiment dir>/);
    }
  });

  it('prints its usage for --help', async () => {
    const run = await runCliInProcess(['benchmark', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.out, /--batch-sizes <list>/);
    assert.match(run.out, /--json/);
  });

  it('names a missing experiment folder in one message, exit 1', async () => {
    const run = await runCliInProcess(['benchmark', path.join(os.tmpdir(), 'ts-no-such-experiment')]);
    assert.equal(run.code, 1);
    assert.match(run.err, /^train-studio benchmark: There is no experiment folder .*ts-no-such-experiment/);
    assert.doesNotMatch(run.err, /at .*\.js:\d+/);
  });
});
