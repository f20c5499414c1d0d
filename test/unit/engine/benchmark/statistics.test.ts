import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imagesPerSecond, latencyStatistics, percentile } from '../../../../src/engine/benchmark';

// Percentiles by linear interpolation between ranks (numpy's default): the figures below are numpy's.

describe('latency statistics', () => {
  it('takes the middle value of an odd count, whatever the order of the samples', () => {
    const stats = latencyStatistics([9, 1, 5, 3, 7]);
    assert.equal(stats.median, 5);
    assert.equal(stats.min, 1);
    assert.equal(stats.mean, 5);
    // numpy.percentile([1, 3, 5, 7, 9], 95) = 8.6
    assert.ok(Math.abs(stats.p95 - 8.6) < 1e-12, String(stats.p95));
  });

  it('averages the two middle values of an even count', () => {
    const stats = latencyStatistics([4, 1, 3, 2]);
    assert.equal(stats.median, 2.5);
    // numpy.percentile([1, 2, 3, 4], 95) = 3.85
    assert.ok(Math.abs(stats.p95 - 3.85) < 1e-12, String(stats.p95));
    assert.equal(stats.mean, 2.5);
  });

  it('gives the one value of a single sample for every statistic', () => {
    assert.deepEqual(latencyStatistics([12.5]), { median: 12.5, p95: 12.5, mean: 12.5, min: 12.5 });
  });

  it('puts p95 of 1..100 at 95.05, between the 95th and 96th values', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    assert.ok(Math.abs(latencyStatistics(samples).p95 - 95.05) < 1e-9);
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    latencyStatistics(samples);
    assert.deepEqual(samples, [3, 1, 2]);
  });

  it('refuses no samples and fractions outside [0, 1]', () => {
    assert.throws(() => latencyStatistics([]), RangeError);
    assert.throws(() => percentile([1, 2], 1.5), RangeError);
    assert.equal(percentile([1, 2], 0), 1);
    assert.equal(percentile([1, 2], 1), 2);
  });
});

describe('throughput', () => {
  it('is images per second at a batch latency, and refuses a batch that took no time', () => {
    assert.equal(imagesPerSecond(8, 40), 200);
    assert.equal(imagesPerSecond(1, 4), 250);
    assert.throws(() => imagesPerSecond(1, 0), RangeError);
  });
});
