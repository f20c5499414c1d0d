// The scheduler under the pipeline: order, the concurrency and prefetch bounds, failures and stopping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { prefetchInOrder } from '../../../../src/engine/pipeline/prefetch';
import type { PrefetchWork } from '../../../../src/engine/pipeline/prefetch';

/** Items finish in an order unrelated to their positions. */
const delayOf = (item: number) => ((item * 7) % 5) * 3;

function work(
  batches: number[][],
  overrides: Partial<PrefetchWork<number, number[]>> = {},
): PrefetchWork<number, number[]> & { readonly active: { now: number; most: number } } {
  const active = { now: 0, most: 0 };
  return {
    batches,
    concurrency: 3,
    prefetch: 2,
    signal: new AbortController().signal,
    allocate: (items) => new Array<number>(items.length),
    fill: async (target, item, position) => {
      active.now += 1;
      active.most = Math.max(active.most, active.now);
      await sleep(delayOf(item));
      active.now -= 1;
      if (item < 0) throw new Error(`item ${item} failed`);
      target[position] = item * 10;
    },
    active,
    ...overrides,
  };
}

async function drain<T>(generator: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const value of generator) all.push(value);
  return all;
}

describe('prefetchInOrder', () => {
  it('hands batches out in order with at most `concurrency` items in progress', async () => {
    const batches = [[1, 2, 3, 4], [5, 6, 7, 8], [9]];
    const plan = work(batches);
    assert.deepEqual(await drain(prefetchInOrder(plan)), [[10, 20, 30, 40], [50, 60, 70, 80], [90]]);
    assert.equal(plan.active.most, 3);
  });

  it('fails at the batch holding a failed item, after the batches before it', async () => {
    const handed: number[][] = [];
    const generator = prefetchInOrder(work([[1], [2, -3], [4]]));
    await assert.rejects(
      (async () => {
        for await (const batch of generator) handed.push(batch);
      })(),
      /item -3 failed/,
    );
    assert.deepEqual(handed, [[10]]);
  });

  it('stops a waiting consumer when aborted', async () => {
    const controller = new AbortController();
    const generator = prefetchInOrder(work([[1], [2], [3]], { prefetch: 1, signal: controller.signal }));
    assert.deepEqual((await generator.next()).value, [10]);
    controller.abort();
    await assert.rejects(generator.next(), { name: 'PipelineClosedError' });
  });
});
