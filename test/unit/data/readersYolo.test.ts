import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { labelPathOf, readDataset, readYolo } from '../../../src/data/readers';
import { pngImage, tempDir, writeFile } from './readersSupport';

const WIDTH = 100;
const HEIGHT = 50;

function image(root: string, relative: string): void {
  writeFile(path.join(root, relative), pngImage(WIDTH, HEIGHT));
}

describe('YOLO reader', () => {
  it('reads boxes and segments, normalised coordinates scaled by the size in the image header', () => {
    const root = tempDir('yolo-basic');
    image(root, 'images/train/a.png');
    image(root, 'images/val/b.png');
    writeFile(
      path.join(root, 'labels/train/a.txt'),
      '0 0.5 0.5 0.2 0.4\n\n1 0.1 0.2 0.5 0.2 0.3 0.8\n1  0.0 0.0   1.0 0.0 1.0 1.0 0 1\n',
    );
    writeFile(
      path.join(root, 'data.yaml'),
      'path: .\ntrain: images/train\nval: images/val\nnames: [car, road]\n',
    );
    const index = readDataset(root);
    assert.equal(index.format, 'yolo');
    assert.deepEqual(index.datasets, ['train', 'val']);
    const [a, b] = index.items;
    assert.deepEqual([a?.ref, a?.width, a?.height], ['train/a.png', WIDTH, HEIGHT]);
    // cx 50 ± 10 px → columns 40..59; cy 25 ± 10 px → rows 15..34.
    assert.deepEqual(a?.objects[0], {
      classTitle: 'car',
      geometry: { type: 'rectangle', left: 40, top: 15, right: 59, bottom: 34 },
      tags: [],
      crowd: false,
    });
    assert.deepEqual(a.objects[1]?.geometry, {
      type: 'polygon',
      exterior: [
        [10, 10],
        [50, 10],
        [30, 40],
      ],
      interior: [],
    });
    assert.deepEqual(a.objects[2]?.geometry, {
      type: 'polygon',
      exterior: [
        [0, 0],
        [100, 0],
        [100, 50],
        [0, 50],
      ],
      interior: [],
    });
    // No label file: a background image.
    assert.deepEqual([b?.ref, b?.objects], ['val/b.png', []]);
    assert.deepEqual(
      index.meta.classes.map((classMeta) => [classMeta.title, classMeta.shape]),
      [
        ['car', 'rectangle'],
        ['road', 'polygon'],
      ],
    );
  });

  it('takes train as a list of folders, val as a .txt list, names as a map and path relative to data.yaml', () => {
    const root = tempDir('yolo-lists');
    const data = path.join(root, 'data');
    image(data, 'images/part1/p1.png');
    image(data, 'images/part2/deep/p2.png');
    image(data, 'images/extra/v1.png');
    image(data, 'images/extra/v2.png');
    writeFile(path.join(data, 'labels/part2/deep/p2.txt'), '2 0.5 0.5 1 1\n');
    writeFile(path.join(data, 'labels/extra/v2.txt'), '0 0.25 0.5 0.5 1\n');
    // Lines are relative to the list's own folder.
    writeFile(
      path.join(data, 'lists/val.txt'),
      '# validation images\n../images/extra/v2.png\n\n./../images/extra/v1.png\n',
    );
    writeFile(
      path.join(root, 'config', 'data.yaml'),
      [
        'path: ../data',
        'train:',
        '  - images/part1',
        '  - images/part2',
        'val: lists/val.txt',
        'names:',
        '  0: cat',
        '  2: "dog"',
        '',
      ].join('\n'),
    );
    const index = readDataset(path.join(root, 'config'));
    assert.equal(index.root, path.join(root, 'config'));
    assert.deepEqual(
      index.items.map((item) => [item.ref, item.imagePath, item.objects.map((object) => object.classTitle)]),
      [
        ['train/p1.png', path.join(data, 'images/part1/p1.png'), []],
        ['train/p2.png', path.join(data, 'images/part2/deep/p2.png'), ['dog']],
        ['val/v2.png', path.join(data, 'images/extra/v2.png'), ['cat']],
        ['val/v1.png', path.join(data, 'images/extra/v1.png'), []],
      ],
    );
    assert.deepEqual(index.items[2]?.objects[0]?.geometry, {
      type: 'rectangle',
      left: 0,
      top: 0,
      right: 49,
      bottom: 49,
    });
    assert.deepEqual(
      index.meta.classes.map((classMeta) => classMeta.title),
      ['cat', 'dog'],
    );
  });

  it('reads data.yaml given directly, and a data.yml', () => {
    const root = tempDir('yolo-direct');
    image(root, 'images/train/a.png');
    writeFile(path.join(root, 'data.yml'), 'train: images/train\nnames: {0: only}\n');
    const fromFile = readYolo(path.join(root, 'data.yml'));
    assert.deepEqual(fromFile.datasets, ['train']);
    assert.deepEqual(
      fromFile.items.map((item) => item.ref),
      ['train/a.png'],
    );
    assert.deepEqual(readDataset(root).items, fromFile.items);
  });

  it('finds labels where YOLO does: the last images folder of the path becomes labels', () => {
    assert.equal(
      labelPathOf(path.join('/d', 'images', 'x', 'images', 'train', 'a.b.jpg')),
      path.join('/d', 'images', 'x', 'labels', 'train', 'a.b.txt'),
    );
    assert.equal(labelPathOf(path.join('/d', 'pics', 'a.png')), path.join('/d', 'pics', 'a.txt'));
  });
});
