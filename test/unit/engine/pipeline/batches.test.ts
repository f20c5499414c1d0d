// Batches on the fixture dataset: determinism whatever the concurrency, prefetch depth and batching;
// resuming mid-epoch; the prefetch bound; stopping early.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import type { DatasetItem } from '../../../../src/data/model';
import { createPipeline } from '../../../../src/engine/pipeline';
import type { PipelineOptions } from '../../../../src/engine/pipeline';
import { allIndices, bytesByRef, collect, fixtureItems } from './support';

const AUGMENTATION: NonNullable<PipelineOptions['augmentation']> = {
  hflip: 0.5,
  vflip: 0.5,
  scale: [0.4, 1],
  color_jitter: { brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.1 },
};

describe('image pipeline batches', () => {
  let items: DatasetItem[];
  let classes: string[];
  let options: PipelineOptions;

  before(() => {
    ({ items, classes } = fixtureItems());
    options = { task: 'semantic segmentation', classes, inputSize: 64, augmentation: AUGMENTATION };
  });

  it('gives every item the same bytes whatever the concurrency, prefetch, batch size and order', async () => {
    const order = allIndices(items.length);
    const serial = await collect(createPipeline(items, { ...options, concurrency: 1, prefetchBatches: 1 }), {
      order,
      batchSize: 4,
      seed: 5,
    });
    const wide = await collect(createPipeline(items, { ...options, concurrency: 6, prefetchBatches: 5 }), {
      order: [...order].reverse(),
      batchSize: 5,
      seed: 5,
    });
    assert.equal(serial.length, 5);
    assert.deepEqual(
      serial.map((batch) => batch.size),
      [4, 4, 4, 4, 2],
    );
    assert.deepEqual(bytesByRef(wide), bytesByRef(serial));
    const again = await collect(createPipeline(items, options), { order, batchSize: 4, seed: 5 });
    assert.deepEqual(again, serial, 'the same seed gives byte-identical batches');
  });

  it('augments differently under another seed, and not at all without augmentation', async () => {
    const order = allIndices(items.length);
    const seeded = (seed: number, augmented: PipelineOptions) =>
      collect(createPipeline(items, augmented), { order, batchSize: 6, seed }).then(bytesByRef);
    const [five, six] = [await seeded(5, options), await seeded(6, options)];
    const differing = [...five].filter(([ref, bytes]) => !bytes.equals(six.get(ref) ?? Buffer.alloc(0)));
    assert.equal(differing.length, items.length);
    const evaluation = { ...options, augmentation: undefined };
    assert.deepEqual(await seeded(5, evaluation), await seeded(6, evaluation));
  });

  it('resumes mid-epoch without decoding the skipped batches, and can drop a short last batch', async () => {
    const order = allIndices(items.length).reverse();
    const full = await collect(createPipeline(items, options), { order, batchSize: 4, seed: 9 });
    const pipeline = createPipeline(items, options);
    const resumed = await collect(pipeline, { order, batchSize: 4, seed: 9, startBatch: 3 });
    assert.deepEqual(resumed, full.slice(3));
    assert.equal(pipeline.stats().decoded, 6);
    const dropped = await collect(createPipeline(items, options), {
      order,
      batchSize: 4,
      seed: 9,
      dropLast: true,
    });
    assert.deepEqual(dropped, full.slice(0, 4));
  });

  it('never prepares more than prefetchBatches batches ahead of a slow consumer, and stops when left', async () => {
    const pipeline = createPipeline(items, { ...options, concurrency: 3, prefetchBatches: 2 });
    const batchSize = 2;
    let taken = 0;
    // Waits for decoding to reach `expected` (a loaded machine is slow), then a while longer for any excess.
    const settle = async (expected: number) => {
      for (let waited = 0; pipeline.stats().decoded < expected && waited < 10_000; waited += 20)
        await sleep(20);
      await sleep(300);
      return pipeline.stats().decoded;
    };
    for await (const batch of pipeline.batches({ order: allIndices(items.length), batchSize, seed: 1 })) {
      taken += 1;
      assert.equal(batch.size, batchSize);
      // The consumer holds `taken` batches' worth; the pipeline may have 2 more ready, and no more.
      assert.equal(await settle((taken + 2) * batchSize), (taken + 2) * batchSize, `after ${taken} batches`);
      if (taken === 3) break;
    }
    assert.equal(await settle(5 * batchSize), 5 * batchSize, 'nothing more is decoded once the loop is left');
  });

  it('refuses to start after close, and stops a reader in the middle of an epoch', async () => {
    const pipeline = createPipeline(items, { ...options, prefetchBatches: 1 });
    const reader = pipeline.batches({ order: allIndices(items.length), batchSize: 3, seed: 1 });
    assert.equal((await reader.next()).done, false);
    await pipeline.close();
    await assert.rejects(reader.next(), { name: 'PipelineClosedError' });
    await assert.rejects(pipeline.batches({ order: [0], batchSize: 1, seed: 1 }).next(), {
      name: 'PipelineClosedError',
    });
  });

  it('rejects a request it cannot serve with the field at fault', async () => {
    const pipeline = createPipeline(items, options);
    await assert.rejects(
      pipeline.batches({ order: [0, items.length], batchSize: 2, seed: 1 }).next(),
      /item 18/,
    );
    await assert.rejects(pipeline.batches({ order: [0], batchSize: 0, seed: 1 }).next(), /batchSize/);
    assert.throws(() => createPipeline(items, { ...options, prefetchBatches: 0 }), /prefetchBatches/);
  });
});
