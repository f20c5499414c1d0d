import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BoundedWork } from '../../../../src/trainapp/predict/boundedWork';

// Drawing beside prediction: a few tasks at a time, the first failure told, and nothing left running.

describe('bounded work', () => {
  it('runs at most `limit` tasks at once, and finishes them all', async () => {
    const work = new BoundedWork(2);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    for (let task = 0; task < 6; task++) {
      await work.add(async () => {
        running += 1;
        most = Math.max(most, running);
        await sleep(task % 2 === 0 ? 5 : 1);
        running -= 1;
        done.push(task);
      });
    }
    await work.finish();
    assert.equal(most, 2);
    assert.deepEqual([...done].sort(), [0, 1, 2, 3, 4, 5]);
  });

  it('throws the first failure from the calls after it, once every task has ended', async () => {
    const work = new BoundedWork(4);
    let slowEnded = false;
    await work.add(async () => {
      await sleep(5);
      slowEnded = true;
    });
    await work.add(() => Promise.reject(new Error('first')));
    await sleep(1);
    let started = false;
    await assert.rejects(
      work.add(() => {
        started = true;
        return Promise.resolve();
      }),
      /first/,
    );
    assert.ok(!started, 'a task was started after a failure');
    await assert.rejects(work.finish(), /first/);
    assert.ok(slowEnded, 'finish returned before every task ended');
  });

  it('settles without throwing, for the path that is failing already', async () => {
    const work = new BoundedWork(2);
    await work.add(() => Promise.reject(new Error('drawing failed')));
    await work.settle();
  });
});
