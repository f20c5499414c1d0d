import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestIndex, checkpointChoices, precisionEnvelope } from '../../../src/core/panel/evaluationViews';
import { formatBytes, formatDurationWords, formatMetric, formatTicks } from '../../../src/core/panel/format';
import { RunMetrics } from '../../../src/core/panel/runMetrics';
import { SeriesBuffer } from '../../../src/core/panel/seriesBuffer';

// The pure data behind the panel's live cards: series buffers, the delta rule, and what the cards derive.

describe('SeriesBuffer', () => {
  it('keeps every appended point across growth, in order', () => {
    const buffer = new SeriesBuffer();
    for (let step = 0; step < 10_000; step += 1) buffer.append(step, step * 2);
    assert.equal(buffer.length, 10_000);
    assert.equal(buffer.x[9_999], 9_999);
    assert.equal(buffer.y[5_000], 10_000);
    assert.equal(buffer.lastValue, 19_998);
  });

  it('replaces the value at the last x and drops a point before it, so x stays ascending', () => {
    const buffer = new SeriesBuffer();
    buffer.append(1, 10);
    buffer.append(2, 20);
    assert.equal(buffer.append(2, 25), true);
    assert.equal(buffer.append(1, 99), false);
    assert.deepEqual([...buffer.x], [1, 2]);
    assert.deepEqual([...buffer.y], [10, 25]);
  });
});

describe('RunMetrics', () => {
  const point = (series: string, x: number) => ({ series, axis: 'step' as const, x, value: x });

  it('appends deltas of the held experiment, ignores other experiments’ until their reset, which replaces', () => {
    const metrics = new RunMetrics();
    assert.equal(metrics.apply({ experimentDir: '/a', reset: false, points: [point('loss', 1)] }), false);
    assert.equal(metrics.apply({ experimentDir: '/a', reset: true, points: [point('loss', 1)] }), true);
    metrics.apply({ experimentDir: '/a', reset: false, points: [point('loss', 2), point('lr', 2)] });
    assert.equal(metrics.apply({ experimentDir: '/b', reset: false, points: [point('loss', 3)] }), false);
    assert.equal(metrics.series('step').get('loss')?.length, 2);
    metrics.apply({ experimentDir: '/b', reset: true, points: [point('loss', 7)] });
    assert.equal(metrics.experimentDir, '/b');
    assert.deepEqual([...(metrics.series('step').get('loss')?.x ?? [])], [7]);
    assert.equal(metrics.series('step').has('lr'), false);
  });
});

describe('what the cards derive', () => {
  it('draws a PR curve as its interpolated envelope, one point per recall, recall ascending', () => {
    const envelope = precisionEnvelope({
      className: 'circle',
      recall: [0.2, 0.4, 0.4, 0.6, 0.8],
      precision: [1, 0.9, 0.7, 0.95, 0.5],
      score: [0.9, 0.8, 0.7, 0.6, 0.5],
    });
    assert.deepEqual(envelope, { recall: [0.2, 0.4, 0.6, 0.8], precision: [1, 0.95, 0.95, 0.5] });
  });

  it('finds the best run of a metric: highest, except for losses and errors, skipping absent values', () => {
    assert.equal(bestIndex('mAP50', [0.5, undefined, 0.7]), 2);
    assert.equal(bestIndex('val_loss', [0.5, 0.3, 0.7]), 1);
    assert.equal(bestIndex('mAP50', [undefined, undefined]), undefined);
  });

  it('offers the checkpoints/ sidecars, best first, then last, then the rest in number order', () => {
    const file = (relative: string) => ({
      path: `/e/${relative}`,
      relative,
      kind: 'checkpoint' as const,
      bytes: 1,
    });
    const names = checkpointChoices(
      [
        'checkpoints/epoch_10.json',
        'checkpoints/last.json',
        'checkpoints/epoch_2.json',
        'checkpoints/best.json',
        'checkpoints/best.bin',
        'export/best.json',
        'checkpoints/old/x.json',
      ].map(file),
    );
    assert.deepEqual(names, ['best.json', 'last.json', 'epoch_2.json', 'epoch_10.json']);
  });

  it('writes sizes, metric values and durations for people', () => {
    assert.deepEqual([0, 512, 1536, 5_400_000, 3 * 1024 ** 3].map(formatBytes), [
      '0 B',
      '512 B',
      '1.5 KiB',
      '5.1 MiB',
      '3.0 GiB',
    ]);
    assert.deepEqual(formatTicks([0.0029, 0.00295, 0.003]), ['0.00290', '0.00295', '0.00300']);
    assert.deepEqual(formatTicks([0, 0.5, 1, 1.5]), ['0.0', '0.5', '1.0', '1.5']);
    assert.deepEqual(formatTicks([0, 100, 200]), ['0', '100', '200']);
    assert.deepEqual(formatTicks([7]), ['7']);
    assert.deepEqual([0.612345, 12.5, 3, 1234.56].map(formatMetric), ['0.6123', '12.5', '3', '1235']);
    assert.deepEqual([45, 72, 120, 7500].map(formatDurationWords), [
      '45 s',
      '1 min 12 s',
      '2 min',
      '2 h 5 min',
    ]);
  });
});
