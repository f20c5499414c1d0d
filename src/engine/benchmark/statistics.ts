// Latency statistics of a set of timed runs. Percentiles use linear interpolation between the closest ranks
// (numpy's default, Hyndman & Fan type 7), so the median of an even count is the mean of the two middle
// values, and a percentile moves smoothly as samples are added rather than jumping from one sample to the next.

export interface LatencyStatistics {
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly min: number;
}

/** The `fraction` (0 to 1) percentile of ascending samples, by linear interpolation between ranks. */
export function percentile(ascending: readonly number[], fraction: number): number {
  if (ascending.length === 0) throw new RangeError('a percentile of no samples');
  if (!(fraction >= 0 && fraction <= 1))
    throw new RangeError(`percentile fraction ${fraction} is not in [0, 1]`);
  const position = fraction * (ascending.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = ascending[lower] ?? Number.NaN;
  const high = ascending[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

/** Median, 95th percentile, mean and minimum of durations (any unit; the result is in the same one). */
export function latencyStatistics(samples: readonly number[]): LatencyStatistics {
  if (samples.length === 0) throw new RangeError('latency statistics of no samples');
  const ascending = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(ascending, 0.5),
    p95: percentile(ascending, 0.95),
    mean: ascending.reduce((sum, value) => sum + value, 0) / ascending.length,
    min: ascending[0] ?? Number.NaN,
  };
}

/** Images per second when a batch of `batchSize` takes `milliseconds` (which must be positive). */
export function imagesPerSecond(batchSize: number, milliseconds: number): number {
  if (!(milliseconds > 0)) throw new RangeError(`a batch cannot take ${milliseconds} ms`);
  return (batchSize * 1000) / milliseconds;
}
