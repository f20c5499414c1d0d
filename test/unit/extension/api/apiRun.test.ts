import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { INITIAL_PROGRESS } from '../../../../src/core/runProgress';
import { ExperimentInfo } from '../../../../src/core/schemas';
import { ApiRun, refusedRun, settle } from '../../../../src/extension/workbench/api/apiRun';
import type { Settle } from '../../../../src/extension/workbench/api/apiRun';
import { RunQueue } from '../../../../src/extension/workbench/api/runQueue';
import type { TrainerExit, TrainerRun } from '../../../../src/extension/workbench/runs/types';
import { UserError } from '../../../../src/extension/workbench/userError';
import { writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { rejectionOf } from '../../../rejection';

// The handle's states, driven with real promises and real experiment folders. The trainer is a stand-in
// here (the real launcher is a VS Code module); test/integration/api.test.ts runs real trainers.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-api-run-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
let folders = 0;

function experimentFolder(status: 'completed' | 'stopped' | 'failed'): string {
  const dir = path.join(root, `${String(++folders)}_tfjs`);
  writeExperimentInfo(
    dir,
    ExperimentInfo.parse({
      experiment_name: path.basename(dir),
      framework_name: 'tfjs',
      project: 'shapes',
      status,
    }),
  );
  return dir;
}

const noEvent = () => ({ dispose: () => undefined });
const EXITED: TrainerExit = { code: 0, signal: null, killedAfterTimeout: false };

/** A trainer process as the launcher hands it over: the test opens its folder and ends it. */
class StandInTrainer {
  readonly dir = settle<string>();
  readonly exited = settle<TrainerExit>();
  stops = 0;
  readonly run: TrainerRun = {
    id: 'trainer',
    label: 'stand-in',
    launch: { args: [], cwd: root, label: 'stand-in' },
    progress: INITIAL_PROGRESS,
    experimentDir: this.dir.promise,
    onEvent: noEvent,
    onProgress: noEvent,
    onHumanLine: noEvent,
    exit: this.exited.promise,
    stop: () => {
      this.stops += 1;
      this.exited.resolve(EXITED);
      return this.exited.promise;
    },
  };
}

/** Lets every settled promise's continuations run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { capacity?: number; refusal?: Error } = {}) {
  const queue = new RunQueue<ApiRun>(() => options.capacity ?? 1);
  const launches: StandInTrainer[] = [];
  const pendingLaunches: Settle<TrainerRun>[] = [];
  let manual = false;
  const make = (id: string) =>
    new ApiRun({
      id,
      queue,
      launch: () => {
        const trainer = new StandInTrainer();
        launches.push(trainer);
        if (!manual) return Promise.resolve(trainer.run);
        const pending = settle<TrainerRun>();
        pendingLaunches.push(pending);
        return pending.promise;
      },
      refusal: () => options.refusal,
    });
  return {
    queue,
    launches,
    pendingLaunches,
    make,
    /** Launches wait until the test resolves them. */
    holdLaunches: () => {
      manual = true;
    },
  };
}

describe('ApiRun', () => {
  it('resolves folder from the trainer, and done with experiment_info.json once the process exits', async () => {
    const { make, launches } = setup();
    const run = make('r1');
    run.start();
    await settled();
    assert.equal(run.state, 'running');
    const [trainer] = launches;
    assert.ok(trainer);
    const dir = experimentFolder('completed');
    trainer.dir.resolve(dir);
    assert.equal(await run.folder, dir);
    let done = false;
    void run.done.then(() => (done = true));
    await settled();
    assert.equal(done, false, 'done waits for the process to end');
    trainer.exited.resolve({ code: 1, signal: null, killedAfterTimeout: false });
    const info = await run.done;
    assert.equal(info.status, 'completed');
    assert.equal(info.experiment_name, path.basename(dir));
    assert.equal(run.state, 'ended');
  });

  it('resolves done whatever the status, failed included', async () => {
    const { make, launches } = setup();
    const run = make('r1');
    run.start();
    await settled();
    const dir = experimentFolder('failed');
    launches[0]?.dir.resolve(dir);
    launches[0]?.exited.resolve({ code: 1, signal: null, killedAfterTimeout: false });
    assert.equal((await run.done).status, 'failed');
  });

  it('rejects both when the trainer died before opening a folder, and frees the slot', async () => {
    const { make, launches, queue } = setup();
    const first = make('r1');
    const second = make('r2');
    first.start();
    second.start();
    await settled();
    assert.equal(second.state, 'queued');
    const died = new Error('The trainer exited with code 1 before it opened an experiment folder.');
    launches[0]?.dir.reject(died);
    launches[0]?.exited.resolve({ code: 1, signal: null, killedAfterTimeout: false });
    assert.equal(await rejectionOf(first.folder), died);
    assert.equal(await rejectionOf(first.done), died);
    await settled();
    assert.equal(second.state, 'running');
    assert.equal(queue.runningCount, 1);
  });

  it("rejects both with the launcher's UserError when no Node can run the CLI, and frees the slot", async () => {
    const queue = new RunQueue<ApiRun>(() => 1);
    const noNode = new UserError('No Node.js found.', 'Set trainStudio.nodePath.');
    const make = (id: string, launch: () => Promise<TrainerRun>) =>
      new ApiRun({ id, queue, launch, refusal: () => undefined });
    const failing = make('r1', () => Promise.reject(noNode));
    const next = make('r2', () => Promise.resolve(new StandInTrainer().run));
    failing.start();
    next.start();
    assert.equal(await rejectionOf(failing.done), noNode);
    assert.equal(await rejectionOf(failing.folder), noNode);
    await settled();
    assert.equal(next.state, 'running');
  });

  it('rejects done when the folder has no readable experiment_info.json at the end', async () => {
    const { make, launches } = setup();
    const run = make('r1');
    run.start();
    await settled();
    const dir = path.join(root, 'not-an-experiment');
    fs.mkdirSync(dir);
    launches[0]?.dir.resolve(dir);
    launches[0]?.exited.resolve(EXITED);
    assert.match((await rejectionOf(run.done)).message, /experiment_info\.json does not exist/);
  });

  it('with autostart false, is held until start(); a second start() does nothing', async () => {
    const { make, launches, queue } = setup();
    const run = make('r1');
    await settled();
    assert.equal(run.state, 'held');
    assert.equal(launches.length, 0);
    assert.equal(queue.waitingCount + queue.runningCount, 0);
    run.start();
    run.start();
    await settled();
    assert.equal(launches.length, 1);
    assert.equal(run.state, 'running');
  });

  it('stop() of a queued run takes it out of the queue and rejects both: stopped before it started', async () => {
    const { make, launches, queue } = setup();
    const first = make('r1');
    const queued = make('r2');
    first.start();
    queued.start();
    await queued.stop();
    assert.equal(queue.waitingCount, 0);
    const reason = await rejectionOf(queued.done);
    assert.ok(reason instanceof UserError);
    assert.equal(reason.message, 'The run r2 was stopped before it started.');
    assert.equal(await rejectionOf(queued.folder), reason);
    launches[0]?.exited.resolve(EXITED);
    await settled();
    assert.equal(launches.length, 1, 'the stopped run never launched');
    queued.start();
    await settled();
    assert.equal(launches.length, 1, 'start() after stop() does nothing');
  });

  it('stop() of a held run rejects both too', async () => {
    const { make } = setup();
    const run = make('r1');
    await run.stop();
    assert.match((await rejectionOf(run.done)).message, /stopped before it started/);
  });

  it('stop() of a running run asks its trainer to stop, and done still resolves with the info', async () => {
    const { make, launches } = setup();
    const run = make('r1');
    run.start();
    await settled();
    const trainer = launches[0];
    assert.ok(trainer);
    const dir = experimentFolder('stopped');
    trainer.dir.resolve(dir);
    await run.stop();
    assert.equal(trainer.stops, 1);
    assert.equal((await run.done).status, 'stopped');
    await run.stop();
    assert.equal(trainer.stops, 1, 'stop() of an ended run does nothing');
  });

  it('stop() while the launcher is still starting the trainer stops it as soon as it is handed over', async () => {
    const { make, launches, pendingLaunches, holdLaunches } = setup();
    holdLaunches();
    const run = make('r1');
    run.start();
    assert.equal(run.state, 'starting');
    const stopping = run.stop();
    const trainer = launches[0];
    assert.ok(trainer);
    assert.equal(trainer.stops, 0);
    pendingLaunches[0]?.resolve(trainer.run);
    await stopping;
    assert.equal(trainer.stops, 1);
  });

  it('is refused when it may not start (untrusted workspace): both reject with the reason', async () => {
    const untrusted = new UserError(
      'Train Studio does not start runs in an untrusted workspace.',
      'Trust it.',
    );
    const { make, launches, queue } = setup({ refusal: untrusted });
    const run = make('r1');
    run.start();
    assert.equal(await rejectionOf(run.done), untrusted);
    assert.equal(await rejectionOf(run.folder), untrusted);
    assert.equal(launches.length, 0);
    assert.equal(queue.waitingCount, 0);
  });

  it('abandon() drops a waiting run with the reason and stops a running one', async () => {
    const { make, launches } = setup();
    const running = make('r1');
    const waiting = make('r2');
    running.start();
    waiting.start();
    await settled();
    const closing = new Error('closed');
    await Promise.all([running.abandon(closing), waiting.abandon(closing)]);
    assert.equal(await rejectionOf(waiting.done), closing);
    assert.equal(launches.length, 1);
    assert.equal(launches[0]?.stops, 1);
  });
});

describe('refusedRun', () => {
  it('rejects folder and done with the reason; start and stop do nothing', async () => {
    const invalid = new UserError('The run option `project` is missing.', 'Give it.');
    const handle = refusedRun('r1', invalid);
    handle.start();
    await handle.stop();
    assert.equal(handle.id, 'r1');
    assert.equal(await rejectionOf(handle.folder), invalid);
    assert.equal(await rejectionOf(handle.done), invalid);
  });
});
