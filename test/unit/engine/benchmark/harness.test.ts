import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeBatches, timeRuns } from '../../../../src/engine/benchmark';
import type { TimingOptions } from '../../../../src/engine/benchmark';

// The harness's stop rule, on a fake clock that each run advances by a known duration: no real time is
// measured, so the counts below are exact.

function fakeRunner(durations: (run: number) => number) {
  let now = 0;
  let calls = 0;
  return {
    clock: () => now,
    run: () => {
      now += durations(calls);
      calls++;
      return Promise.resolve();
    },
    get calls() {
      return calls;
    },
  };
}

const options = (overrides: Partial<TimingOptions>): TimingOptions => ({
  warmupRuns: 2,
  minRuns: 3,
  maxRuns: 50,
  budgetMs: 100,
  ...overrides,
});

describe('the timing harness', () => {
  it('fills the budget with fast runs, after untimed warm-ups', async () => {
    const runner = fakeRunner(() => 10);
    const samples = await timeRuns(runner.run, options({}), runner.clock);
    // 10 runs of 10 ms reach the 100 ms budget; the 2 warm-ups are not among the samples.
    assert.deepEqual(
      samples,
      Array.from({ length: 10 }, () => 10),
    );
    assert.equal(runner.calls, 12);
  });

  it('makes the minimum count of slow runs even when the first one spends the budget', async () => {
    const runner = fakeRunner(() => 400);
    const samples = await timeRuns(runner.run, options({ warmupRuns: 1 }), runner.clock);
    assert.equal(samples.length, 3);
    assert.equal(runner.calls, 4);
  });

  it('stops at the maximum count however much budget is left', async () => {
    const runner = fakeRunner(() => 1);
    const samples = await timeRuns(runner.run, options({ maxRuns: 7, budgetMs: 10_000 }), runner.clock);
    assert.equal(samples.length, 7);
  });

  it('times each run on its own: a slow warm-up is not in the samples', async () => {
    const runner = fakeRunner((call) => (call === 0 ? 1000 : 5 + call));
    const samples = await timeRuns(runner.run, options({ warmupRuns: 1, budgetMs: 20 }), runner.clock);
    assert.deepEqual(samples, [6, 7, 8]);
  });

  it('summarises a configuration: statistics of the samples and throughput at the median', async () => {
    const runner = fakeRunner((call) => [0, 40, 20, 30][call] ?? 0);
    const timing = await timeBatches(8, runner.run, options({ warmupRuns: 1, budgetMs: 0 }), runner.clock);
    assert.equal(timing.batchSize, 8);
    assert.equal(timing.runs, 3);
    assert.equal(timing.latencyMs.median, 30);
    assert.equal(timing.latencyMs.min, 20);
    assert.equal(timing.throughput, (8 * 1000) / 30);
  });

  it('refuses options that cannot make a timing', async () => {
    const runner = fakeRunner(() => 1);
    for (const bad of [
      { minRuns: 0 },
      { maxRuns: 2 },
      { warmupRuns: -1 },
      { budgetMs: Number.NaN },
      { minRuns: 1.5 },
    ]) {
      await assert.rejects(timeRuns(runner.run, options(bad), runner.clock), RangeError, JSON.stringify(bad));
    }
    assert.equal(runner.calls, 0);
  });
});
