import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClassSelectionError, filterClasses } from '../../../src/data/classFilter';
import { box, deepFreeze, makeIndex, makeItem, makeObject } from './handMadeIndex';

const index = deepFreeze(
  makeIndex({
    classes: [
      ['kiwi', 'rectangle'],
      ['lemon', 'polygon'],
      ['Lime', 'bitmap'],
    ],
    items: [
      makeItem({
        name: 'mixed.png',
        objects: [
          makeObject('kiwi', box(0, 0, 3, 3)),
          makeObject('lemon', box(4, 4, 8, 8)),
          makeObject('kiwi', box(9, 9, 9, 9)),
        ],
      }),
      makeItem({ name: 'lemons.png', objects: [makeObject('lemon', box(0, 0, 1, 1))] }),
      makeItem({ name: 'empty.png' }),
    ],
  }),
);

const titles = (result: ReturnType<typeof filterClasses>) => result.meta.classes.map((cls) => cls.title);
const objectClasses = (result: ReturnType<typeof filterClasses>) =>
  result.items.map((item) => item.objects.map((object) => object.classTitle));

describe('class filter', () => {
  it('treats no selection as every class, never as none', () => {
    const result = filterClasses(index, []);
    assert.deepEqual(titles(result), ['kiwi', 'lemon', 'Lime']);
    assert.deepEqual(result.items, index.items);
  });

  it('keeps the selected classes in meta order, and only their objects; emptied images stay as background', () => {
    const result = filterClasses(index, ['lemon', 'kiwi', 'lemon']);
    assert.deepEqual(titles(result), ['kiwi', 'lemon']);
    const onlyKiwi = filterClasses(index, ['kiwi']);
    assert.deepEqual(objectClasses(onlyKiwi), [['kiwi', 'kiwi'], [], []]);
    assert.equal(onlyKiwi.items.length, 3);
  });

  it('rejects unknown classes, naming them, listing the classes, and suggesting a case fix', () => {
    assert.throws(
      () => filterClasses(index, ['kiwi', 'lime', 'mango']),
      (error: unknown) =>
        error instanceof ClassSelectionError &&
        error.message ===
          "classes names class(es) the project does not have: 'lime' (did you mean 'Lime'?), 'mango'. " +
            "Its classes are: 'kiwi', 'lemon', 'Lime'.",
    );
  });

  it('returns a new index and leaves the input as it was', () => {
    // The input is deeply frozen: a write to it would throw.
    const result = filterClasses(index, ['lemon']);
    assert.notEqual(result, index);
    assert.equal(index.items[0]?.objects.length, 3);
  });
});
