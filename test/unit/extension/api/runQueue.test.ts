import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunQueue } from '../../../../src/extension/workbench/api/runQueue';

/** A job that records when it starts and ends when the test says so. */
class Job {
  private finish: ((failed: boolean) => void) | undefined;
  constructor(
    readonly name: string,
    private readonly started: string[],
  ) {}

  run(): Promise<void> {
    this.started.push(this.name);
    return new Promise((resolve, reject) => {
      this.finish = (failed) => {
        if (failed) reject(new Error(`${this.name} failed`));
        else resolve();
      };
    });
  }

  /** Ends the job, and lets the queue's continuation run. */
  async end(failed = false): Promise<void> {
    assert.ok(this.finish, `${this.name} has not started`);
    this.finish(failed);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup(capacity: () => number) {
  const started: string[] = [];
  const queue = new RunQueue<Job>(capacity);
  const jobs = ['a', 'b', 'c', 'd'].map((name) => new Job(name, started));
  return { started, queue, jobs: jobs as [Job, Job, Job, Job] };
}

describe('RunQueue', () => {
  it('starts jobs in the order added, at most `capacity` at once, each when a slot frees', async () => {
    const { started, queue, jobs } = setup(() => 2);
    const [a, b, c, d] = jobs;
    for (const job of jobs) queue.add(job);
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(queue.runningCount, 2);
    assert.equal(queue.waitingCount, 2);
    await b.end();
    assert.deepEqual(started, ['a', 'b', 'c']);
    await a.end();
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
    await c.end();
    await d.end();
    assert.equal(queue.runningCount, 0);
    assert.equal(queue.waitingCount, 0);
  });

  it('runs one at a time with capacity 1', async () => {
    const { started, queue, jobs } = setup(() => 1);
    const [a, b] = jobs;
    queue.add(a);
    queue.add(b);
    assert.deepEqual(started, ['a']);
    await a.end();
    assert.deepEqual(started, ['a', 'b']);
  });

  it('frees the slot of a job that fails', async () => {
    const { started, queue, jobs } = setup(() => 1);
    const [a, b] = jobs;
    queue.add(a);
    queue.add(b);
    await a.end(true);
    assert.deepEqual(started, ['a', 'b']);
  });

  it('reads the capacity when a slot frees, so a changed setting applies to waiting jobs', async () => {
    let capacity = 1;
    const { started, queue, jobs } = setup(() => capacity);
    const [a] = jobs;
    for (const job of jobs) queue.add(job);
    assert.deepEqual(started, ['a']);
    capacity = 3;
    await a.end();
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  });

  it('starts waiting jobs at once when told the capacity grew', () => {
    let capacity = 1;
    const { started, queue, jobs } = setup(() => capacity);
    for (const job of jobs) queue.add(job);
    capacity = 2;
    queue.startWaiting();
    assert.deepEqual(started, ['a', 'b']);
  });

  it('lowers the limit for jobs still waiting, without touching running ones', async () => {
    let capacity = 2;
    const { started, queue, jobs } = setup(() => capacity);
    const [a, b, c] = jobs;
    for (const job of jobs) queue.add(job);
    capacity = 1;
    await a.end();
    assert.deepEqual(started, ['a', 'b'], 'b still runs: nothing starts while one runs');
    await b.end();
    assert.deepEqual(started, ['a', 'b', 'c']);
    await c.end();
  });

  it('removes a waiting job, but not one that started', async () => {
    const { started, queue, jobs } = setup(() => 1);
    const [a, b, c] = jobs;
    queue.add(a);
    queue.add(b);
    queue.add(c);
    assert.equal(queue.remove(b), true);
    assert.equal(queue.remove(a), false);
    assert.equal(queue.remove(b), false);
    await a.end();
    assert.deepEqual(started, ['a', 'c']);
  });
});
