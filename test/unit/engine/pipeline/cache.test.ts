// The on-disk pixel cache: reused across runs and processes, keyed by everything that changes the bytes,
// and never trusted when a file does not check out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { DatasetItem } from '../../../../src/data/model';
import { createPipeline } from '../../../../src/engine/pipeline';
import type { PipelineOptions } from '../../../../src/engine/pipeline';
import { sourceSize } from '../../../../src/engine/pipeline/source';
import { allIndices, collect, fixtureItems, temporaryFolder } from './support';

const AUGMENTATION: NonNullable<PipelineOptions['augmentation']> = {
  hflip: 0.5,
  vflip: 0,
  scale: [0.25, 1],
  color_jitter: { brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0 },
};

describe('pixel cache', () => {
  let root: string;
  let items: DatasetItem[];
  let classes: string[];

  before(() => {
    ({ root, items, classes } = fixtureItems(160, 3));
  });

  function cachedOptions(dir: string, extra: Partial<PipelineOptions> = {}): PipelineOptions {
    return { task: 'object detection', classes, inputSize: 64, cache: { dir, dataHash: 'data-1' }, ...extra };
  }

  const epoch = (options: PipelineOptions) => {
    const pipeline = createPipeline(items, options);
    return collect(pipeline, { order: allIndices(items.length), batchSize: 4, seed: 3 }).then((batches) => ({
      batches,
      stats: pipeline.stats(),
    }));
  };

  it('decodes nothing on a second run and gives identical bytes, for evaluation and training', async () => {
    for (const augmentation of [undefined, AUGMENTATION]) {
      const dir = temporaryFolder('cache');
      const first = await epoch(cachedOptions(dir, { augmentation }));
      assert.deepEqual(first.stats, { decoded: items.length, cacheHits: 0, cacheWrites: items.length });
      const second = await epoch(cachedOptions(dir, { augmentation }));
      assert.deepEqual(second.stats, { decoded: 0, cacheHits: items.length, cacheWrites: 0 });
      assert.deepEqual(second.batches, first.batches);
      const uncached = await epoch({ ...cachedOptions(dir, { augmentation }), cache: undefined });
      assert.deepEqual(uncached.batches, first.batches, 'caching does not change a byte');
    }
  });

  it('stores evaluation images at input size, training images just large enough for the smallest crop', async () => {
    const sizes = async (augmentation: PipelineOptions['augmentation']) => {
      const dir = temporaryFolder('cache-sizes');
      await epoch(cachedOptions(dir, { augmentation }));
      return fs
        .readdirSync(dir)
        .map((name) => fs.statSync(path.join(dir, name)).size)
        .sort((a, b) => a - b);
    };
    const expected = (minScale: number) =>
      items
        .map((item) => {
          const { width, height } = sourceSize(item.width, item.height, 64, minScale);
          return 16 + width * height * 3;
        })
        .sort((a, b) => a - b);
    // 160-pixel images: 64 pixels long for evaluation, 128 (64 / √0.25) for training.
    assert.deepEqual(await sizes(undefined), expected(1));
    assert.deepEqual(await sizes(AUGMENTATION), expected(0.25));
    assert.deepEqual(sourceSize(160, 120, 64, 0.25), { width: 128, height: 96 });
  });

  it('misses when the data version, input size or source file changes', async () => {
    const dir = temporaryFolder('cache-keys');
    await epoch(cachedOptions(dir));
    const misses = async (options: PipelineOptions) => (await epoch(options)).stats.decoded;
    assert.equal(await misses(cachedOptions(dir, { inputSize: 96 })), items.length);
    assert.equal(await misses({ ...cachedOptions(dir), cache: { dir, dataHash: 'data-2' } }), items.length);
    const touched = items[0]?.imagePath ?? '';
    fs.utimesSync(touched, new Date(), new Date(Date.now() + 5000));
    assert.equal(await misses(cachedOptions(dir)), 1);
  });

  it('ignores and rewrites truncated or corrupt entries', async () => {
    const dir = temporaryFolder('cache-corrupt');
    const first = await epoch(cachedOptions(dir));
    const [truncated, corrupt, foreign] = fs.readdirSync(dir).map((name) => path.join(dir, name));
    assert.ok(truncated !== undefined && corrupt !== undefined && foreign !== undefined);
    fs.truncateSync(truncated, 100);
    const bytes = fs.readFileSync(corrupt);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    fs.writeFileSync(corrupt, bytes);
    fs.writeFileSync(foreign, 'not a cache entry');
    const repaired = await epoch(cachedOptions(dir));
    assert.deepEqual(repaired.stats, { decoded: 3, cacheHits: items.length - 3, cacheWrites: 3 });
    assert.deepEqual(repaired.batches, first.batches);
    assert.equal((await epoch(cachedOptions(dir))).stats.decoded, 0);
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file is left behind',
    );
  });

  it('is shared with another process', async () => {
    const dir = temporaryFolder('cache-process');
    await epoch(cachedOptions(dir));
    const compiled = (module: string) => JSON.stringify(path.resolve(__dirname, '../../../../src', module));
    const script = `
      const { createPipeline } = require(${compiled('engine/pipeline')});
      const { readDataset } = require(${compiled('data/readers')});
      const [root, options] = JSON.parse(process.argv[1]);
      const { items } = readDataset(root);
      (async () => {
        const pipeline = createPipeline(items, options);
        for await (const batch of pipeline.batches({ order: items.map((_, i) => i), batchSize: 4, seed: 3 })) void batch;
        console.log(JSON.stringify(pipeline.stats()));
      })();`;
    const child = spawnSync(process.execPath, ['-e', script, JSON.stringify([root, cachedOptions(dir)])], {
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { decoded: 0, cacheHits: items.length, cacheWrites: 0 });
  });
});
