import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findJsonSyntaxError } from '../../../src/core/config/jsonSyntaxError';

describe('findJsonSyntaxError (large JSON files such as annotations)', () => {
  it('finds nothing in valid JSON, exactly where JSON.parse succeeds', () => {
    for (const text of ['{}', '[]', '{"a":[{"b":null},true,-1.5e3,"x\\u0041"]}', ' 7 ', '"s"']) {
      assert.doesNotThrow(() => JSON.parse(text));
      assert.equal(findJsonSyntaxError(text), undefined, text);
    }
  });

  it('gives the offset and a clause for the first error', () => {
    const cases: [string, number, string][] = [
      ['{"a":1,}', 7, 'expected a property name in double quotes, found `}`'],
      ['[1,2', 4, "the file ends too early: expected ',' or ']'"],
      ['{"images": [}', 12, "expected a value or ']', found `}`"],
      ['{"a" 1}', 5, "expected ':' after the property name, found `1`"],
      ['[1] 2', 4, 'expected the end of the file, found `2`'],
      ['{"a":tru}', 5, 'expected a value, found `tru`'],
      ["{'a':1}", 1, 'strings in JSON use double quotes, not single quotes'],
      ['\uFEFF{}', 0, 'the file starts with a byte-order mark'],
      ['', 0, 'the file ends too early: expected a value'],
    ];
    for (const [text, offset, message] of cases) {
      assert.throws(() => JSON.parse(text), SyntaxError, text);
      assert.deepEqual(findJsonSyntaxError(text), { offset, message }, text);
    }
  });

  it('survives any depth of nesting, valid or not', () => {
    const depth = 200_000;
    assert.deepEqual(findJsonSyntaxError('['.repeat(depth)), {
      offset: depth,
      message: "the file ends too early: expected a value or ']'",
    });
    assert.equal(findJsonSyntaxError('['.repeat(depth) + ']'.repeat(depth)), undefined);
  });
});
