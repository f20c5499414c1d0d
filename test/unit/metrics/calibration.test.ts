import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './assertClose';
import { calibrationBins, calibrationErrors } from '../../../src/metrics/calibration';

describe('calibration bins', () => {
  it('splits [0, 1] into 10 equal bins, each holding its lower edge; 1 goes to the last', () => {
    const bins = calibrationBins([0, 0.1, 0.15, 0.5, 0.99, 1], [true, false, true, true, false, true]);
    assert.equal(bins.length, 10);
    assert.deepEqual(
      bins.map((bin) => bin.count),
      [1, 2, 0, 0, 0, 1, 0, 0, 0, 2],
    );
    assert.deepEqual(bins[1], { lower: 0.1, upper: 0.2, count: 2, meanConfidence: 0.125, accuracy: 0.5 });
    assert.deepEqual(bins[2], { lower: 0.2, upper: 0.3, count: 0, meanConfidence: 0, accuracy: 0 });
    assertClose(bins[9]?.meanConfidence, 0.995);
    assertClose(bins[9]?.accuracy, 0.5);
  });

  it('clamps confidences outside [0, 1] into the end bins', () => {
    const bins = calibrationBins([-0.5, 3], [false, true], 4);
    assert.deepEqual(
      bins.map((bin) => bin.count),
      [1, 0, 0, 1],
    );
    assertClose(bins[3]?.meanConfidence, 3);
  });

  it('weights ECE by bin size and takes MCE over non-empty bins only', () => {
    // Bin 1: confidence 0.125, accuracy 0.5 (gap 0.375, 2 of 4); bin 9: 0.95, 1 (gap 0.05, 2 of 4).
    const bins = calibrationBins([0.1, 0.15, 0.95, 0.95], [true, false, true, true]);
    const { expected, maximum } = calibrationErrors(bins);
    assertClose(expected, 0.5 * 0.375 + 0.5 * 0.05);
    assertClose(maximum, 0.375);
  });

  it('gives 0, not NaN, without predictions', () => {
    assert.deepEqual(calibrationErrors(calibrationBins([], [])), { expected: 0, maximum: 0 });
  });
});
