import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { samePadding, sameTransposePadding } from '../../../../src/engine/export/onnx/layers';

describe("TF 'same' padding as explicit ONNX pads", () => {
  it('puts the odd pixel of a strided conv at the end', () => {
    assert.deepEqual(samePadding(64, 3, 2), [0, 1]);
    assert.deepEqual(samePadding(63, 3, 2), [1, 1]);
    assert.deepEqual(samePadding(32, 7, 2), [2, 3]);
  });

  it('pads a stride-1 conv by half the kernel on each side, and a 1×1 conv not at all', () => {
    assert.deepEqual(samePadding(64, 3, 1), [1, 1]);
    assert.deepEqual(samePadding(16, 5, 1), [2, 2]);
    assert.deepEqual(samePadding(64, 1, 2), [0, 0]);
  });

  it('gives a transposed conv of kernel = stride no padding, a larger kernel the excess', () => {
    assert.deepEqual(sameTransposePadding(2, 2), [0, 0]);
    assert.deepEqual(sameTransposePadding(3, 2), [0, 1]);
    assert.deepEqual(sameTransposePadding(4, 2), [1, 1]);
  });
});
