import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kernelToOnnx, transpose4 } from '../../../../src/engine/export/onnx/weights';

describe('kernel layouts', () => {
  // A tfjs conv kernel HWIO [k, k, in, out] whose values encode their own indices.
  const [k, inputs, outputs] = [3, 2, 5];
  const hwio = Float32Array.from({ length: k * k * inputs * outputs }, (_, i) => i);
  const hwioIndex = (h: number, w: number, i: number, o: number) => ((h * k + w) * inputs + i) * outputs + o;

  it('writes HWIO as OIHW: W[o][i][h][w] = kernel[h][w][i][o]', () => {
    const { dims, values } = kernelToOnnx({ dims: [k, k, inputs, outputs], values: hwio });
    assert.deepEqual(dims, [outputs, inputs, k, k]);
    for (let o = 0; o < outputs; o++) {
      for (let i = 0; i < inputs; i++) {
        for (let h = 0; h < k; h++) {
          for (let w = 0; w < k; w++) {
            assert.equal(values[((o * inputs + i) * k + h) * k + w], hwioIndex(h, w, i, o));
          }
        }
      }
    }
  });

  it('transposes by numpy semantics and back', () => {
    const weight = { dims: [2, 3, 4, 5], values: Float32Array.from({ length: 120 }, (_, i) => i) };
    const moved = transpose4(weight, [1, 3, 0, 2]);
    assert.deepEqual(moved.dims, [3, 5, 2, 4]);
    // Input index [a, b, c, d] lands at [b, d, a, c].
    assert.equal(moved.values[((1 * 5 + 4) * 2 + 1) * 4 + 2], ((1 * 3 + 1) * 4 + 2) * 5 + 4);
    const back = transpose4(moved, [2, 0, 3, 1]);
    assert.deepEqual(back, weight);
  });

  it('refuses a weight that is not rank 4', () => {
    assert.throws(() => transpose4({ dims: [2, 3], values: new Float32Array(6) }, [3, 2, 0, 1]), /rank-4/);
  });
});
