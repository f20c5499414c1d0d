import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TrainValSplitFile, TrainValSplitSettings } from '../../../src/core/schemas';
import { parseCollection, SplitError, splitItems, writeSplitFile } from '../../../src/data/splits';
import type { TrainValSplit } from '../../../src/data/splits';
import type { DatasetIndex } from '../../../src/data/model';
import { makeIndex, makeItem } from './handMadeIndex';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'splits-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function splitWith(index: DatasetIndex, settings: Record<string, unknown>): TrainValSplit {
  return splitItems(index, TrainValSplitSettings.parse(settings), { baseDir: tmp });
}

function throwsSplitError(run: () => unknown, field: string, message: RegExp | string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SplitError, String(error));
    assert.equal(error.field, field);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

// a, b and b's nested dataset b/night, two images each.
const nested = makeIndex({
  items: ['a', 'b', 'b/night'].flatMap((dataset) =>
    [1, 2].map((number) => makeItem({ dataset, name: `${dataset.replace('/', '_')}${number}.png` })),
  ),
});

describe('datasets split', () => {
  it('includes nested datasets under a named parent', () => {
    const result = splitWith(nested, { method: 'datasets', train_datasets: ['a'], val_datasets: ['b'] });
    assert.deepEqual(result.train, ['a/a1.png', 'a/a2.png']);
    assert.deepEqual(result.val, ['b/b1.png', 'b/b2.png', 'b/night/b_night1.png', 'b/night/b_night2.png']);
  });

  it('lets the most specific name win when a parent and its child are named on opposite sides', () => {
    const result = splitWith(nested, {
      method: 'datasets',
      train_datasets: ['a', 'b'],
      val_datasets: ['b/night'],
    });
    assert.deepEqual(result.train, ['a/a1.png', 'a/a2.png', 'b/b1.png', 'b/b2.png']);
    assert.deepEqual(result.val, ['b/night/b_night1.png', 'b/night/b_night2.png']);
    assert.deepEqual(result.overlap, []);
  });

  it('lists the datasets named on neither side as unassigned', () => {
    const result = splitWith(nested, {
      method: 'datasets',
      train_datasets: ['a'],
      val_datasets: ['b/night'],
    });
    assert.deepEqual(result.unassigned, ['b/b1.png', 'b/b2.png']);
  });

  it('rejects an unknown dataset, listing the known ones', () => {
    throwsSplitError(
      () => splitWith(nested, { method: 'datasets', train_datasets: ['a', 'night'], val_datasets: ['b'] }),
      'train_val_split.train_datasets',
      "train_datasets names dataset(s) the project does not have: 'night'. Its datasets are: 'a', 'b', 'b/night'.",
    );
  });

  it('rejects a dataset named on both sides', () => {
    throwsSplitError(
      () => splitWith(nested, { method: 'datasets', train_datasets: ['a', 'b'], val_datasets: ['b'] }),
      'train_val_split.val_datasets',
      /'b' is named in both train_datasets and val_datasets/,
    );
  });

  it('explains a side emptied by a more specific name on the other side', () => {
    const onlyNested = makeIndex({ items: nested.items.filter((item) => item.dataset !== 'b') });
    const withParent = { ...onlyNested, datasets: ['a', 'b', 'b/night'] };
    throwsSplitError(
      () => splitWith(withParent, { method: 'datasets', train_datasets: ['b'], val_datasets: ['b/night'] }),
      'train_val_split.train_datasets',
      "train is empty: the 2 image(s) of 'b' are all in nested datasets named in val_datasets, which take precedence",
    );
  });
});

const tagged = makeIndex({
  tags: ['train', 'val', 'weather'],
  items: [
    makeItem({ name: 't.png', tags: [{ name: 'train' }] }),
    makeItem({ name: 'v.png', tags: [{ name: 'val' }, { name: 'weather', value: 'rain' }] }),
    makeItem({ name: 'both.png', tags: [{ name: 'train' }, { name: 'val' }] }),
    makeItem({ name: 'none.png', tags: [{ name: 'weather', value: 'sunny' }] }),
  ],
});

describe('tags split', () => {
  const settings = { method: 'tags', train_tag: 'train', val_tag: 'val' };

  it('sends untagged images where untagged_action says', () => {
    const ignore = splitWith(tagged, { ...settings, untagged_action: 'ignore' });
    assert.deepEqual(ignore.train, ['ds/both.png', 'ds/t.png']);
    assert.deepEqual(ignore.val, ['ds/both.png', 'ds/v.png']);
    assert.deepEqual(ignore.unassigned, ['ds/none.png']);
    assert.ok(splitWith(tagged, { ...settings, untagged_action: 'train' }).train.includes('ds/none.png'));
    assert.ok(splitWith(tagged, { ...settings, untagged_action: 'val' }).val.includes('ds/none.png'));
  });

  it('keeps an image with both tags on both sides and reports it as overlap, with a warning', () => {
    const result = splitWith(tagged, settings);
    assert.deepEqual(result.overlap, ['ds/both.png']);
    assert.equal(result.warnings.length, 1);
    assert.match(
      result.warnings[0] ?? '',
      /1 item\(s\) are in both train and val \(tagged both 'train' and 'val'\).*ds\/both\.png/,
    );
  });

  it('explains an empty side by the missing tag and the untagged action', () => {
    const noVal = makeIndex({
      tags: ['train', 'val'],
      items: [makeItem({ name: 't.png', tags: [{ name: 'train' }] }), makeItem({ name: 'u.png' })],
    });
    throwsSplitError(
      () => splitWith(noVal, { ...settings, untagged_action: 'ignore' }),
      'train_val_split.val_tag',
      "val is empty: no image has the tag 'val' and untagged_action is 'ignore'",
    );
    const allTrain = makeIndex({
      tags: ['train', 'val'],
      items: [makeItem({ name: 't.png', tags: [{ name: 'train' }] })],
    });
    throwsSplitError(
      () => splitWith(allTrain, { ...settings, untagged_action: 'val' }),
      'train_val_split.val_tag',
      "val is empty: no image has the tag 'val', and untagged_action is 'val' but every image has the tag 'train'",
    );
  });

  it('rejects an unknown tag, listing the known ones, and the same tag on both sides', () => {
    throwsSplitError(
      () => splitWith(tagged, { ...settings, val_tag: 'validation' }),
      'train_val_split.val_tag',
      "val_tag 'validation' is not a tag of the project. Its tags are: 'train', 'val', 'weather'.",
    );
    throwsSplitError(
      () => splitWith(tagged, { ...settings, val_tag: 'train' }),
      'train_val_split.val_tag',
      /train_tag and val_tag are both 'train'/,
    );
  });
});

describe('collections split', () => {
  const index = makeIndex({
    items: [
      makeItem({ dataset: 'a', name: '1.png' }),
      makeItem({ dataset: 'a', name: '2.png' }),
      makeItem({ dataset: 'b/night', name: '3 #x.png' }),
      makeItem({ dataset: 'b/night', name: '4.png' }),
    ],
  });
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), text);
    return name;
  };

  it('reads one reference per line, skipping blank lines and # comments', () => {
    assert.deepEqual(
      parseCollection('\uFEFF# train images\r\na/1.png\r\n\r\n  b/night/3 #x.png  \n#a/2.png\n'),
      [
        { ref: 'a/1.png', line: 2 },
        { ref: 'b/night/3 #x.png', line: 4 },
      ],
    );
  });

  it('splits by the listed items, paths relative to the base folder', () => {
    const train = write('lists/train.txt', 'a/1.png\na/2.png\n');
    const val = write('lists/val.txt', '# night\nb/night/3 #x.png\n');
    const result = splitWith(index, {
      method: 'collections',
      train_collections: [train],
      val_collections: [val],
    });
    assert.deepEqual(result.train, ['a/1.png', 'a/2.png']);
    assert.deepEqual(result.val, ['b/night/3 #x.png']);
    assert.deepEqual(result.unassigned, ['b/night/4.png']);
  });

  it('keeps an item listed on both sides on both, reported as overlap', () => {
    const train = write('overlap-train.txt', 'a/1.png\na/2.png\n');
    const val = write('overlap-val.txt', 'a/2.png\nb/night/4.png\n');
    const result = splitWith(index, {
      method: 'collections',
      train_collections: [train],
      val_collections: [val],
    });
    assert.deepEqual(result.overlap, ['a/2.png']);
    assert.match(result.warnings[0] ?? '', /listed in both train_collections and val_collections/);
  });

  it('rejects references that are not items, naming the file and line', () => {
    const train = write('bad-train.txt', 'a/1.png\n\n4.png\nc/9.png\n');
    const val = write('bad-val.txt', 'b/night/4.png\n');
    throwsSplitError(
      () => splitWith(index, { method: 'collections', train_collections: [train], val_collections: [val] }),
      'train_val_split.train_collections',
      [
        '2 line(s) of the collection files do not name an item of the project (write each as dataset/item, ' +
          'the dataset’s full name then the image file name):',
        "  bad-train.txt line 3: '4.png' is not an item. Did you mean 'b/night/4.png'?",
        "  bad-train.txt line 4: 'c/9.png' is not an item.",
      ].join('\n'),
    );
  });

  it('rejects a missing collection file, saying where paths start from', () => {
    throwsSplitError(
      () =>
        splitWith(index, {
          method: 'collections',
          train_collections: ['missing.txt'],
          val_collections: ['x'],
        }),
      'train_val_split.train_collections',
      new RegExp(
        `Cannot read the collection file 'missing.txt'.*relative to the app_state's folder, ${tmp}`,
        's',
      ),
    );
  });

  it('explains an empty side', () => {
    const train = write('empty-train.txt', 'a/1.png\n');
    const val = write('empty-val.txt', '# nothing yet\n');
    throwsSplitError(
      () => splitWith(index, { method: 'collections', train_collections: [train], val_collections: [val] }),
      'train_val_split.val_collections',
      "val is empty: the val_collections ('empty-val.txt') list no items",
    );
  });
});

describe('app_state round trip', () => {
  const rounds = [
    { method: 'random', split: 'val', percent: 25, seed: 9, stratify: true },
    { method: 'random' },
    { method: 'datasets', train_datasets: ['a', 'b'], val_datasets: ['b/night'] },
    { method: 'tags', train_tag: 'train', val_tag: 'val', untagged_action: 'train' },
    { method: 'collections', train_collections: ['rt-train.txt'], val_collections: ['rt-val.txt'] },
  ];
  const index = makeIndex({
    tags: ['train', 'val'],
    items: nested.items.map((item, position) => ({
      ...item,
      tags: position % 3 === 0 ? [{ name: 'val' }] : position % 3 === 1 ? [{ name: 'train' }] : [],
    })),
  });
  fs.writeFileSync(path.join(tmp, 'rt-train.txt'), 'a/a1.png\nb/b1.png\n');
  fs.writeFileSync(path.join(tmp, 'rt-val.txt'), 'b/night/b_night2.png\n');

  for (const input of rounds) {
    it(`gives back the same settings and split for ${JSON.stringify(input)}`, () => {
      const settings = TrainValSplitSettings.parse(input);
      const reloaded = TrainValSplitSettings.parse(JSON.parse(JSON.stringify(settings)));
      assert.deepEqual(reloaded, settings);
      assert.equal(reloaded.method, input.method);
      const context = { baseDir: tmp };
      assert.deepEqual(splitItems(index, reloaded, context), splitItems(index, settings, context));
    });
  }

  it('records the random seed, so a reloaded random split is the same split', () => {
    const settings = TrainValSplitSettings.parse({ method: 'random' });
    assert.equal((JSON.parse(JSON.stringify(settings)) as { seed: number }).seed, 42);
  });
});

describe('train_val_split.json', () => {
  it('holds the two lists, valid against the schema', () => {
    const result = splitWith(nested, { method: 'datasets', train_datasets: ['a'], val_datasets: ['b'] });
    const file = path.join(tmp, 'out', 'train_val_split.json');
    writeSplitFile(file, result);
    const parsed = TrainValSplitFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(parsed, { train: result.train, val: result.val });
  });
});
