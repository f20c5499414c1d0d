import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLASS_FOLDERS_DATASET, readClassFolders, readDataset } from '../../../src/data/readers';
import { pngImage, tempDir, writeFile } from './readersSupport';

describe('class folders reader', () => {
  it('reads <root>/<class>/<image> as one dataset, the class an image tag, the meta both a class and a tag', () => {
    const root = tempDir('classes-flat');
    writeFile(path.join(root, 'dog', '1.png'), pngImage(8, 6));
    writeFile(path.join(root, 'cat', '1.png'), pngImage(10, 12));
    writeFile(path.join(root, 'cat', '2.png'), pngImage(10, 12));
    writeFile(path.join(root, 'cat', 'notes.txt'), 'not an image');
    writeFile(path.join(root, 'README.md'), 'ignored');
    const index = readDataset(root);
    assert.equal(index.format, 'class_folders');
    assert.deepEqual(index.datasets, [CLASS_FOLDERS_DATASET]);
    assert.deepEqual(
      index.items.map((item) => [
        item.ref,
        item.name,
        item.tags,
        item.objects.length,
        item.width,
        item.height,
      ]),
      [
        ['all/cat/1.png', 'cat/1.png', [{ name: 'cat' }], 0, 10, 12],
        ['all/cat/2.png', 'cat/2.png', [{ name: 'cat' }], 0, 10, 12],
        ['all/dog/1.png', 'dog/1.png', [{ name: 'dog' }], 0, 8, 6],
      ],
    );
    assert.deepEqual(
      index.meta.classes.map((classMeta) => [classMeta.title, classMeta.shape]),
      [
        ['cat', 'any'],
        ['dog', 'any'],
      ],
    );
    assert.deepEqual(
      index.meta.tags.map((tag) => [tag.name, tag.value_type, tag.applicable_type]),
      [
        ['cat', 'none', 'imagesOnly'],
        ['dog', 'none', 'imagesOnly'],
      ],
    );
    assert.equal(index.meta.classes[0]?.color, index.meta.tags[0]?.color);
    assert.deepEqual(index.problems, []);
  });

  it('reads train/ and val/ as the datasets, with the classes of both', () => {
    const root = tempDir('classes-split');
    writeFile(path.join(root, 'train', 'cat', 'a.png'), pngImage(4, 4));
    writeFile(path.join(root, 'train', 'dog', 'b.png'), pngImage(4, 4));
    writeFile(path.join(root, 'val', 'bird', 'c.png'), pngImage(4, 4));
    const index = readClassFolders(root);
    assert.deepEqual(index.datasets, ['train', 'val']);
    assert.deepEqual(
      index.items.map((item) => item.ref),
      ['train/cat/a.png', 'train/dog/b.png', 'val/bird/c.png'],
    );
    assert.deepEqual(
      index.meta.classes.map((classMeta) => classMeta.title),
      ['bird', 'cat', 'dog'],
    );
  });

  it('reports an image outside any class folder under skip, and keeps the rest', () => {
    const root = tempDir('classes-stray');
    writeFile(path.join(root, 'cat', 'a.png'), pngImage(4, 4));
    writeFile(path.join(root, 'stray.png'), pngImage(4, 4));
    const index = readClassFolders(root, { policy: 'skip' });
    assert.deepEqual(
      index.items.map((item) => item.ref),
      ['all/cat/a.png'],
    );
    assert.equal(index.problems.length, 1);
    assert.equal(index.problems[0]?.file, path.join(root, 'stray.png'));
    assert.match(index.problems[0].hint ?? '', /Move it into the folder of its class/);
  });
});
