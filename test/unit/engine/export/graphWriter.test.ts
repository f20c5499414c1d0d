import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { floatValueInfo, GraphWriter } from '../../../../src/engine/export/onnx/graphWriter';

describe('GraphWriter', () => {
  it('types attributes by value: int, ints, string, float', () => {
    const writer = new GraphWriter();
    writer.node('Op', ['x'], 'y', { axis: 1, pads: [0, 0, 1, 1], mode: 'nearest', epsilon: { float: 0.5 } });
    const [node] = writer.graph('g', [], []).node;
    assert.ok(node);
    assert.deepEqual(
      node.attribute.map(({ name, type }) => [name, type]),
      [
        ['axis', 2],
        ['pads', 7],
        ['mode', 3],
        ['epsilon', 1],
      ],
    );
    assert.equal(Buffer.from(node.attribute[2]?.s ?? []).toString(), 'nearest');
    assert.throws(() => writer.node('Op', ['x'], 'z', { epsilon: 0.5 }), /'epsilon' must be an integer/);
  });

  it('stores initialisers as little-endian float32 bytes, sized by their dims', () => {
    const writer = new GraphWriter();
    const values = Float32Array.of(1.5, -2, 3, 0.25);
    writer.initializer('w', [2, 2], values);
    const [tensor] = writer.graph('g', [], []).initializer;
    assert.ok(tensor);
    assert.deepEqual(tensor.dims, [2, 2]);
    assert.deepEqual(
      Array.from(new Float32Array(Uint8Array.from(tensor.raw_data).buffer)),
      [1.5, -2, 3, 0.25],
    );
    assert.throws(() => writer.initializer('v', [3], values), /'v' has 4 values for dims \[3\]/);
  });

  it('refuses a second value of the same name', () => {
    const writer = new GraphWriter();
    writer.claim('images');
    assert.throws(() => writer.node('Relu', ['x'], 'images'), /already has a value named 'images'/);
    writer.initializer('w', [1], Float32Array.of(1));
    assert.throws(() => writer.initializer('w', [1], Float32Array.of(1)), /'w'/);
  });

  it('writes a dynamic dimension by name and a fixed one by value', () => {
    const info = floatValueInfo('images', ['batch', 3, 64, 64], 'the input');
    assert.deepEqual(info.type.tensor_type.shape.dim, [
      { dim_param: 'batch' },
      { dim_value: 3 },
      { dim_value: 64 },
      { dim_value: 64 },
    ]);
    assert.equal(info.doc_string, 'the input');
  });
});
