import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrainValSplitSettings } from '../../../src/core/schemas';
import { SplitError, splitItems } from '../../../src/data/splits';
import type { TrainValSplit } from '../../../src/data/splits';
import type { DatasetIndex } from '../../../src/data/model';
import { box, makeIndex, makeItem, makeObject } from './handMadeIndex';

const context = { baseDir: '/nonexistent' };

function plainIndex(count: number): DatasetIndex {
  return makeIndex({
    items: Array.from({ length: count }, (_, position) =>
      makeItem({ name: `${String(position).padStart(3, '0')}.png` }),
    ),
  });
}

function random(settings: Record<string, unknown>): TrainValSplitSettings {
  return TrainValSplitSettings.parse({ method: 'random', ...settings });
}

function split(index: DatasetIndex, settings: Record<string, unknown>): TrainValSplit {
  return splitItems(index, random(settings), context);
}

describe('random split', () => {
  it('gives the same split for the same seed and items, whatever order the items are listed in', () => {
    const index = plainIndex(40);
    const reversed = { ...index, items: [...index.items].reverse() };
    const first = split(index, { seed: 7 });
    assert.deepEqual(split(index, { seed: 7 }), first);
    assert.deepEqual(split(reversed, { seed: 7 }), first);
    assert.notDeepEqual(split(index, { seed: 8 }).val, first.val);
  });

  it('keeps the split of a given seed stable across versions (changing it breaks repeatable runs)', () => {
    const result = split(plainIndex(10), { seed: 42, percent: 70 });
    assert.deepEqual(result.val, ['ds/002.png', 'ds/004.png', 'ds/008.png']);
  });

  it('partitions the items: every item on exactly one side', () => {
    const index = plainIndex(25);
    const result = split(index, { seed: 1, percent: 60 });
    assert.equal(result.train.length + result.val.length, 25);
    assert.deepEqual([...result.train, ...result.val].sort(), index.items.map((item) => item.ref).sort());
    assert.deepEqual(result.overlap, []);
    assert.deepEqual(result.unassigned, []);
    assert.deepEqual(result.warnings, []);
  });

  it('sizes the side named by `split` with `percent`', () => {
    const index = plainIndex(10);
    const train80 = split(index, { split: 'train', percent: 80 });
    assert.equal(train80.train.length, 8);
    assert.equal(train80.val.length, 2);
    const val30 = split(index, { split: 'val', percent: 30 });
    assert.equal(val30.val.length, 3);
    assert.equal(val30.train.length, 7);
  });

  it('keeps at least one item on each side once there are two', () => {
    const index = plainIndex(10);
    assert.equal(split(index, { percent: 1 }).train.length, 1);
    assert.equal(split(index, { percent: 99 }).val.length, 1);
    const two = split(plainIndex(2), { percent: 99 });
    assert.deepEqual([two.train.length, two.val.length], [1, 1]);
  });

  it('explains an empty side when the project is too small', () => {
    assert.throws(
      () => split(plainIndex(1), { percent: 80 }),
      (error: unknown) =>
        error instanceof SplitError &&
        error.field === 'train_val_split.percent' &&
        error.message === 'val is empty: the project has 1 item(s), and a random split needs at least 2',
    );
  });
});

describe('stratified random split', () => {
  // 10 images hold both the rare and the common class, 80 only the common one, 10 none.
  const index = makeIndex({
    classes: [
      ['common', 'rectangle'],
      ['rare', 'rectangle'],
    ],
    items: Array.from({ length: 100 }, (_, position) => {
      const classes = position < 10 ? ['common', 'rare'] : position < 90 ? ['common'] : [];
      return makeItem({
        name: `${String(position).padStart(3, '0')}.png`,
        objects: classes.map((title) => makeObject(title, box(1, 1, 4, 4))),
      });
    }),
  });
  const imagesWith = (refs: readonly string[], title: string) =>
    index.items.filter((item) => refs.includes(item.ref) && item.objects.some((o) => o.classTitle === title))
      .length;

  it('gives each class its share of images on both sides, multi-class images by their rarest class', () => {
    for (let seed = 0; seed < 20; seed++) {
      const result = split(index, { seed, percent: 80, stratify: true });
      assert.equal(result.train.length, 80);
      assert.equal(imagesWith(result.train, 'rare'), 8, `seed ${seed}`);
      assert.equal(imagesWith(result.val, 'rare'), 2, `seed ${seed}`);
      assert.equal(imagesWith(result.train, 'common'), 72, `seed ${seed}`);
      assert.equal(result.val.filter((ref) => Number(ref.slice(3, 6)) >= 90).length, 2, `seed ${seed}`);
    }
  });

  it('differs from the unstratified split, which lets a rare class drift', () => {
    const drifted = Array.from({ length: 20 }, (_, seed) => split(index, { seed, percent: 80 })).filter(
      (result) => imagesWith(result.val, 'rare') !== 2,
    );
    assert.ok(drifted.length > 0);
  });

  it('apportions by largest remainder, ties going to the first stratum by class name', () => {
    const single = makeIndex({
      classes: [
        ['a', 'rectangle'],
        ['b', 'rectangle'],
      ],
      items: [
        makeItem({ name: '0.png', objects: [makeObject('b', box(0, 0, 1, 1))] }),
        ...Array.from({ length: 9 }, (_, position) =>
          makeItem({ name: `${position + 1}.png`, objects: [makeObject('a', box(0, 0, 1, 1))] }),
        ),
      ],
    });
    // Quotas 4.5 for a and 0.5 for b: the tie goes to a, so b's only image is not in the sized side.
    const result = split(single, { seed: 3, percent: 50, stratify: true });
    assert.equal(result.train.length, 5);
    assert.ok(result.val.includes('ds/0.png'));
  });

  it('is as repeatable as the plain split', () => {
    const reversed = { ...index, items: [...index.items].reverse() };
    assert.deepEqual(split(reversed, { seed: 5, stratify: true }), split(index, { seed: 5, stratify: true }));
  });
});
