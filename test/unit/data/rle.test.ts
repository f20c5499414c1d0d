import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mask } from '../../../src/data/model';
import {
  compressRleCounts,
  decodeRle,
  decodeRleCropped,
  decompressRleCounts,
  encodeRle,
  RleError,
} from '../../../src/data/rle';
import { maskOf } from './readersSupport';

function randomMask(width: number, height: number, seed: number): Mask {
  let state = seed;
  const data = new Uint8Array(width * height);
  for (let index = 0; index < data.length; index++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    data[index] = state % 5 < 2 ? 1 : 0;
  }
  return { width, height, data };
}

describe('COCO RLE', () => {
  it('runs go down the columns, starting with a (possibly empty) run of zeros', () => {
    const mask = maskOf(['.##', '##.']);
    // Column 0: . #  column 1: # #  column 2: # .
    assert.deepEqual(encodeRle(mask), { size: [2, 3], counts: [1, 4, 1] });
    assert.deepEqual(encodeRle(maskOf(['#.', '..'])), { size: [2, 2], counts: [0, 1, 3] });
    assert.deepEqual(decodeRle({ size: [2, 3], counts: [1, 4, 1] }), mask);
  });

  it('compresses counts in 5-bit groups with a continuation bit, and deltas from the fourth count on', () => {
    // 100 = 0b11_00100: low group 4 with the continuation bit (36 + 48 = 'T'), then 3 ('3').
    assert.equal(compressRleCounts([100]), 'T3');
    // The fourth count is written as 2 - 5 = -3: one group, 29 with the sign bit, 29 + 48 = 'M'.
    assert.equal(compressRleCounts([1, 5, 1, 2]), '151M');
    assert.deepEqual(decompressRleCounts('151M'), [1, 5, 1, 2]);
    assert.equal(compressRleCounts([]), '');
    assert.deepEqual(decompressRleCounts(''), []);
  });

  it('round-trips counts, large ones and falling ones included', () => {
    const cases = [
      [0, 1, 0],
      [5, 3, 100, 2, 7, 1000, 3, 0, 12_345_678, 4],
      [2 ** 33, 1, 2, 2 ** 33 - 5, 0, 1],
      Array.from({ length: 200 }, (_, index) => (index * 7919) % 1000),
    ];
    for (const counts of cases) assert.deepEqual(decompressRleCounts(compressRleCounts(counts)), counts);
  });

  it('encodes and decodes masks losslessly, compressed or not', () => {
    for (const [width, height, seed] of [
      [1, 1, 1],
      [7, 5, 2],
      [64, 48, 3],
      [13, 1, 4],
    ] as const) {
      const mask = randomMask(width, height, seed);
      const rle = encodeRle(mask);
      assert.deepEqual(decodeRle(rle), mask);
      assert.deepEqual(decodeRle({ size: rle.size, counts: compressRleCounts(rle.counts) }), mask);
    }
  });

  it('crops a decoded mask to its set pixels, runs that wrap into the next column included', () => {
    const full = maskOf(['......', '...#..', '..##..', '..#...', '......']);
    const placed = decodeRleCropped(encodeRle(full));
    assert.deepEqual(placed, { origin: [2, 1], mask: maskOf(['.#', '##', '#.']) });
    // A run from the bottom of column 0 to the top of column 1 spans every row of the crop.
    const wrapping = maskOf(['.#', '..', '#.']);
    assert.deepEqual(decodeRleCropped(encodeRle(wrapping)), { origin: [0, 0], mask: wrapping });
    assert.equal(decodeRleCropped({ size: [2, 2], counts: [4] }), undefined);
  });

  it('rejects counts that do not cover the image, and damaged strings', () => {
    assert.throws(() => decodeRle({ size: [2, 2], counts: [1, 2] }), RleError);
    assert.throws(() => decodeRle({ size: [2, 2], counts: [1, -1, 4] }), /not a whole number/);
    assert.throws(() => decompressRleCounts('T'), /ends inside a count/);
    assert.throws(() => decompressRleCounts('0 1'), /invalid character at offset 1/);
  });
});
