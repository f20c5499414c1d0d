import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DatasetError } from '../../../src/data/errors';
import { detectFormat, readDataset } from '../../../src/data/readers';
import { generateFixtures } from '../../fixtures/generate';
import { pngImage, tempDir, writeFile, writeJson } from './readersSupport';

describe('format detection', () => {
  const fixture = path.join(tempDir('detect'), 'fixture');
  generateFixtures({ seed: 3, outDir: fixture });
  const classes = tempDir('detect-classes');
  writeFile(path.join(classes, 'train', 'cat', 'a.png'), pngImage(4, 4));

  it('detects each format from the files only it has', () => {
    assert.equal(detectFormat(path.join(fixture, 'supervisely')), 'supervisely');
    assert.equal(detectFormat(path.join(fixture, 'coco')), 'coco');
    assert.equal(detectFormat(path.join(fixture, 'coco', 'annotations.json')), 'coco');
    assert.equal(detectFormat(path.join(fixture, 'yolo')), 'yolo');
    assert.equal(detectFormat(path.join(fixture, 'yolo', 'data.yaml')), 'yolo');
    assert.equal(detectFormat(classes), 'class_folders');
  });

  it('reads a forced format instead of the detected one', () => {
    // YOLO's images/ folder holds train/<image> and val/<image>: class folders, when asked to read it so.
    const forced = readDataset(path.join(fixture, 'yolo', 'images'), { format: 'class_folders' });
    assert.equal(forced.format, 'class_folders');
    assert.deepEqual(forced.datasets, ['all']);
    assert.deepEqual(
      forced.meta.classes.map((classMeta) => classMeta.title),
      ['train', 'val'],
    );
    assert.equal(forced.items.length, 18);
    assert.equal(detectFormat(path.join(fixture, 'yolo', 'images')), 'class_folders');
  });

  it('names the missing file when a forced format does not match', () => {
    const coco = path.join(fixture, 'coco');
    assert.throws(
      () => readDataset(coco, { format: 'supervisely' }),
      (error: unknown) => {
        assert.ok(error instanceof DatasetError);
        assert.equal(error.problem.file, path.join(coco, 'meta.json'));
        assert.match(error.message, /meta\.json: cannot read the file: it does not exist\./);
        return true;
      },
    );
    assert.throws(() => readDataset(coco, { format: 'yolo' }), /there is no data\.yaml\. Add a data\.yaml/);
  });

  it('says which folder held no dataset, and which formats it looked for', () => {
    const empty = tempDir('detect-empty');
    writeFile(path.join(empty, 'notes.txt'), 'hello');
    writeJson(path.join(empty, 'other.json'), { hello: 'world' });
    assert.throws(
      () => readDataset(empty),
      (error: unknown) => {
        assert.ok(error instanceof DatasetError);
        assert.equal(error.problem.file, empty);
        for (const format of ['supervisely', 'yolo', 'coco', 'class_folders', 'meta.json', 'data.yaml']) {
          assert.ok(error.message.includes(format), format);
        }
        return true;
      },
    );
    const missing = path.join(empty, 'nope');
    assert.throws(
      () => readDataset(missing),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.message === `${missing}: the folder does not exist. Check the path.`,
    );
  });
});
