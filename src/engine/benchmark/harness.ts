// How long to time something: a few untimed warm-up runs, then timed runs until both a minimum count and a
// time budget are reached, never more than a maximum count. A fast configuration fills its budget with many
// runs (a steady median and p95); a slow one (a detector at batch 32 on a CPU backend can take seconds a run)
// stops after the minimum count, so the budget, not the model, bounds a speed test.
import { imagesPerSecond, latencyStatistics } from './statistics';
import type { LatencyStatistics } from './statistics';

export interface TimingOptions {
  /** Untimed runs first: the first runs allocate buffers and set kernels up. */
  readonly warmupRuns: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  /** Timed runs go on until they have taken this long in all (and minRuns are done). */
  readonly budgetMs: number;
}

export const DEFAULT_TIMING_OPTIONS: TimingOptions = {
  warmupRuns: 1,
  minRuns: 3,
  maxRuns: 200,
  budgetMs: 2000,
};

/** Milliseconds from an arbitrary origin; performance.now in use, a fake one in tests. */
export type Clock = () => number;

function checkOptions(options: TimingOptions): void {
  const { warmupRuns, minRuns, maxRuns, budgetMs } = options;
  const counts = Number.isInteger(warmupRuns) && Number.isInteger(minRuns) && Number.isInteger(maxRuns);
  if (!counts || warmupRuns < 0 || minRuns < 1 || maxRuns < minRuns || !(budgetMs >= 0)) {
    throw new RangeError(
      `timing options need whole run counts with 1 <= minRuns <= maxRuns and a budget >= 0, got ${JSON.stringify(options)}`,
    );
  }
}

/** Runs `run` as the options say and returns the duration of each timed run, in milliseconds. */
export async function timeRuns(
  run: () => Promise<void>,
  options: TimingOptions = DEFAULT_TIMING_OPTIONS,
  clock: Clock = () => performance.now(),
): Promise<number[]> {
  checkOptions(options);
  for (let warmup = 0; warmup < options.warmupRuns; warmup++) await run();
  const samples: number[] = [];
  const started = clock();
  while (samples.length < options.maxRuns) {
    if (samples.length >= options.minRuns && clock() - started >= options.budgetMs) break;
    const start = clock();
    await run();
    samples.push(clock() - start);
  }
  return samples;
}

/** One configuration's timing: how many runs, their latency, and the throughput at the median. */
export interface Timing {
  readonly batchSize: number;
  readonly runs: number;
  readonly latencyMs: LatencyStatistics;
  /** Images per second at the median latency. */
  readonly throughput: number;
}

/** Times `run`, which processes one batch of `batchSize` images. */
export async function timeBatches(
  batchSize: number,
  run: () => Promise<void>,
  options: TimingOptions = DEFAULT_TIMING_OPTIONS,
  clock?: Clock,
): Promise<Timing> {
  const samples = await timeRuns(run, options, clock);
  const latencyMs = latencyStatistics(samples);
  return {
    batchSize,
    runs: samples.length,
    latencyMs,
    throughput: imagesPerSecond(batchSize, latencyMs.median),
  };
}
