import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DatasetError } from '../../../src/data/errors';
import { readClassTitles, readDataset } from '../../../src/data/readers';
import { generateFixtures } from '../../fixtures/generate';
import { pngImage, tempDir, writeFile } from './readersSupport';

const titlesOfIndex = (dir: string): string[] => readDataset(dir).meta.classes.map((entry) => entry.title);

describe('readClassTitles (class names from the meta alone)', () => {
  it('gives the classes the full index gives, in the same order, for every format', () => {
    const root = tempDir('ts-class-titles-');
    generateFixtures({ seed: 5, outDir: root });
    for (const format of ['supervisely', 'coco', 'yolo']) {
      const dir = path.join(root, format);
      assert.deepEqual(readClassTitles(dir), titlesOfIndex(dir), format);
    }
    const folders = path.join(root, 'folders');
    for (const file of ['train/dog/1.png', 'train/cat/1.png', 'val/cat/2.png']) {
      writeFile(path.join(folders, file), pngImage(8, 8));
    }
    fs.mkdirSync(path.join(folders, 'train', 'empty'));
    assert.deepEqual(readClassTitles(folders), titlesOfIndex(folders));
    assert.deepEqual(readClassTitles(folders), ['cat', 'dog']);
  });

  it('opens no image: the classes come back when every image is gone', () => {
    const root = tempDir('ts-class-titles-');
    generateFixtures({ seed: 5, outDir: root });
    const coco = path.join(root, 'coco');
    fs.rmSync(path.join(coco, 'images'), { recursive: true });
    assert.throws(() => readDataset(coco), DatasetError);
    assert.deepEqual(readClassTitles(coco), ['square', 'donut', 'triangle', 'blob', 'dot']);
  });

  it('fails with a DatasetError, as readDataset does, when the meta is broken', () => {
    const root = tempDir('ts-class-titles-');
    writeFile(path.join(root, 'meta.json'), '{"classes": [');
    assert.throws(
      () => readClassTitles(root),
      (error: unknown) =>
        error instanceof DatasetError && error.problem.file === path.join(root, 'meta.json'),
    );
  });
});
