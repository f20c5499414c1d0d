import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hashData } from '../../../src/data/hash';
import type { DatasetIndex } from '../../../src/data/model';
import { readDataset } from '../../../src/data/readers';
import { generateFixtures } from '../../fixtures/generate';
import { tempDir } from './readersSupport';

function fixtureProject(name: string): string {
  const outDir = path.join(tempDir(`hash-${name}`), 'fixture');
  generateFixtures({ seed: 21, outDir });
  return path.join(outDir, 'supervisely');
}

describe('data hash', () => {
  const cacheDir = tempDir('hash-cache');
  let cacheCount = 0;
  const freshCache = (): string => path.join(cacheDir, `cache-${++cacheCount}.json`);
  const hashOf = (index: DatasetIndex, cacheFile = freshCache()): string =>
    hashData(index.items, { root: index.root, cacheFile });

  it('is a sha256 in hex that does not depend on item order or on where the dataset lives', () => {
    const root = fixtureProject('a');
    const index = readDataset(root);
    const hash = hashOf(index);
    assert.match(hash, /^[0-9a-f]{64}$/);
    const reversed = hashData([...index.items].reverse(), { root: index.root, cacheFile: freshCache() });
    assert.equal(reversed, hash);
    // The same seed elsewhere: byte-identical files under another absolute path.
    assert.equal(hashOf(readDataset(fixtureProject('b'))), hash);
    assert.notEqual(hashOf({ ...index, items: index.items.slice(1) }), hash);
  });

  it('changes with one image byte, or with an annotation', () => {
    const root = fixtureProject('changes');
    const before = hashOf(readDataset(root));
    const image = path.join(root, 'train_a', 'img', 'train_a_003.png');
    const bytes = fs.readFileSync(image);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
    fs.writeFileSync(image, flipped);
    const imageChanged = hashOf(readDataset(root));
    assert.notEqual(imageChanged, before);
    fs.writeFileSync(image, bytes);
    assert.equal(hashOf(readDataset(root)), before);

    const annotation = path.join(root, 'train_a', 'ann', 'train_a_000.png.json');
    const text = fs.readFileSync(annotation, 'utf8');
    const parsed = JSON.parse(text) as { objects: { classTitle: string }[] };
    parsed.objects.pop();
    fs.writeFileSync(annotation, JSON.stringify(parsed));
    assert.notEqual(hashOf(readDataset(root)), before);
    // Reformatting the file without changing what it says leaves the data the same.
    fs.writeFileSync(annotation, JSON.stringify(JSON.parse(text)));
    assert.equal(hashOf(readDataset(root)), before);
  });

  it('caches image hashes by path, size and mtime in the file the caller names, outside the dataset', () => {
    const root = fixtureProject('cache');
    const index = readDataset(root);
    const image = index.items[4]?.imagePath ?? '';
    // A whole-second mtime, which setting it again reproduces exactly.
    const mtime = new Date(2024, 0, 1);
    fs.utimesSync(image, mtime, mtime);
    const cacheFile = path.join(cacheDir, 'nested', 'folder', 'cache.json');
    const first = hashOf(index, cacheFile);
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
      version: number;
      files: Record<string, [number, number, string]>;
    };
    assert.equal(cache.version, 1);
    assert.equal(Object.keys(cache.files).length, index.items.length);
    assert.deepEqual(cache.files[image]?.slice(0, 2), [fs.statSync(image).size, mtime.getTime()]);

    // Proof that the second hash reads no image: change one behind the cache's back, keeping size and mtime.
    fs.writeFileSync(image, Buffer.from(fs.readFileSync(image)).reverse());
    fs.utimesSync(image, mtime, mtime);
    assert.equal(hashOf(index, cacheFile), first);
    // A touch (new mtime) makes it look again, and the change shows.
    fs.utimesSync(image, mtime, new Date(mtime.getTime() + 5000));
    assert.notEqual(hashOf(index, cacheFile), first);
  });

  it('gives the same hash after a touch that changes nothing, re-hashing the touched image', () => {
    const root = fixtureProject('touch');
    const index = readDataset(root);
    const cacheFile = freshCache();
    const first = hashOf(index, cacheFile);
    const image = index.items[0]?.imagePath ?? '';
    // Whole seconds, which every file system stores exactly.
    const later = new Date(Math.ceil(fs.statSync(image).mtimeMs / 1000) * 1000 + 60_000);
    fs.utimesSync(image, later, later);
    assert.equal(hashOf(index, cacheFile), first);
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
      files: Record<string, [number, number, string]>;
    };
    assert.equal(cache.files[image]?.[1], later.getTime());
  });

  it('ignores a damaged cache, and refuses a cache file inside the dataset', () => {
    const root = fixtureProject('damaged');
    const index = readDataset(root);
    const reference = hashOf(index);
    const cacheFile = freshCache();
    for (const contents of [
      '{not json',
      '{"version": 1, "files": {"x": "nonsense"}}',
      '{"version": 99, "files": {}}',
    ]) {
      fs.writeFileSync(cacheFile, contents);
      assert.equal(hashOf(index, cacheFile), reference);
    }
    assert.throws(
      () => hashData(index.items, { root, cacheFile: path.join(root, '.cache', 'hash.json') }),
      /must not be inside the dataset/,
    );
    assert.equal(fs.existsSync(path.join(root, '.cache')), false);
  });
});
