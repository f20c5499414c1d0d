import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeClassMapping, formatBytes } from '../../../../src/trainapp/prepare';

describe('prepare messages', () => {
  it('maps each checkpoint class to its new index, or says it is dropped or new', () => {
    assert.equal(
      describeClassMapping(['a', 'b', 'c'], ['a', 'b', 'd']),
      'checkpoint classes: a(0) b(1) c(2); selected: a b d → a 0→0, b 1→1, c dropped, d new',
    );
    assert.equal(
      describeClassMapping(['a', 'b'], ['b', 'a']),
      'checkpoint classes: a(0) b(1); selected: b a → a 0→1, b 1→0',
    );
  });

  it('writes sizes in decimal units', () => {
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(50_000_000), '50.0 MB');
    assert.equal(formatBytes(1_234_000_000), '1.2 GB');
  });
});
