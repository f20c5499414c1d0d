import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveSeed, epochSeeds, shuffledOrder } from '../../../../src/engine/train/random';

describe('random streams', () => {
  it('a shuffle is a permutation fixed by its seed', () => {
    const order = shuffledOrder(50, 123);
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, index) => index),
    );
    assert.deepEqual(shuffledOrder(50, 123), order);
    assert.notDeepEqual(shuffledOrder(50, 124), order);
    assert.notDeepEqual(
      order,
      Array.from({ length: 50 }, (_, index) => index),
    );
  });

  it('every position is reached about equally often (no modulo bias)', () => {
    const counts = new Array<number>(5).fill(0);
    for (let seed = 0; seed < 5000; seed++) {
      const position = shuffledOrder(5, seed).indexOf(0);
      counts[position] = (counts[position] ?? 0) + 1;
    }
    for (const count of counts) assert.ok(Math.abs(count - 1000) < 120, `counts ${counts.join(', ')}`);
  });

  it('epoch seeds depend on the run seed, the epoch and the purpose', () => {
    const first = epochSeeds(42, 1);
    assert.deepEqual(epochSeeds(42, 1), first);
    assert.notEqual(first.shuffleSeed, first.augmentationSeed);
    assert.notEqual(epochSeeds(42, 2).shuffleSeed, first.shuffleSeed);
    assert.notEqual(epochSeeds(43, 1).shuffleSeed, first.shuffleSeed);
    assert.ok(Number.isInteger(deriveSeed(2 ** 32 - 1, 'x', 7)) && deriveSeed(2 ** 32 - 1, 'x', 7) >= 0);
  });
});
