import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostToWebviewMessage } from '../../../../src/core/panel/messages';
import type { ExperimentSummary } from '../../../../src/core/panel/views';
import { experimentToFollow, RunFollower } from '../../../../src/extension/workbench/panel/runFollower';
import { writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { experimentInfoOf } from '../../../fixtures/experimentInfo';

const summary = (dir: string, sourceAppState?: string): ExperimentSummary => ({
  dir,
  name: dir.split('/').at(-1) ?? dir,
  status: 'completed',
  project: '/ws/data/shapes',
  ...(sourceAppState === undefined ? {} : { sourceAppState }),
});

describe('the experiment an edit panel follows', () => {
  // Two app_states train the same dataset; the list is newest first, as the data layer gives it.
  const experiments = [
    summary('/ws/experiments/shapes/4_tfjs', '/ws/b/app_state.json'),
    summary('/ws/experiments/shapes/3_tfjs', '/ws/a/app_state.json'),
    summary('/ws/experiments/shapes/2_tfjs'),
    summary('/ws/experiments/shapes/1_tfjs', '/ws/a/app_state.json'),
  ];

  it('is the newest run started from the panel’s own app_state, not another one on the same dataset', () => {
    assert.equal(experimentToFollow(experiments, '/ws/a/app_state.json'), '/ws/experiments/shapes/3_tfjs');
    assert.equal(experimentToFollow(experiments, '/ws/b/app_state.json'), '/ws/experiments/shapes/4_tfjs');
    assert.equal(
      experimentToFollow(experiments, '/ws/a/./x/../app_state.json'),
      '/ws/experiments/shapes/3_tfjs',
    );
  });

  it('switches to a newer run of that app_state as it appears', () => {
    const newer = [summary('/ws/experiments/shapes/5_tfjs', '/ws/a/app_state.json'), ...experiments];
    assert.equal(experimentToFollow(newer, '/ws/a/app_state.json'), '/ws/experiments/shapes/5_tfjs');
    assert.equal(experimentToFollow(newer, '/ws/b/app_state.json'), '/ws/experiments/shapes/4_tfjs');
  });

  it('is none when no run was started from the file, runs that record no source included', () => {
    assert.equal(experimentToFollow(experiments, '/ws/c/app_state.json'), undefined);
    assert.equal(
      experimentToFollow([summary('/ws/experiments/shapes/2_tfjs')], '/ws/a/app_state.json'),
      undefined,
    );
    assert.equal(experimentToFollow([], '/ws/a/app_state.json'), undefined);
  });
});

// A live run (its lock names this process) whose events file breaks for a while: polling goes on, the
// failure is reported once, and the run's points arrive again once the file is back.
describe('RunFollower when a read fails', () => {
  const TIME = '2026-01-01T00:00:00.000Z';
  const step = (globalStep: number) =>
    `${JSON.stringify({
      type: 'step_finished',
      epoch: 1,
      step: globalStep,
      globalStep,
      totalSteps: 10,
      loss: 1 / globalStep,
      lr: 0.01,
      imagesPerSecond: 10,
      etaSeconds: 1,
      time: TIME,
      runId: '1_tfjs',
    })}\n`;
  let dir: string;
  let events: string;
  before(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'panel-follower-')), '1_tfjs');
    events = path.join(dir, 'logs', 'events.jsonl');
    fs.mkdirSync(path.dirname(events), { recursive: true });
    writeExperimentInfo(
      dir,
      experimentInfoOf({
        experiment_name: 'live-run',
        framework_name: 'builtin',
        project: '../data/shapes',
        status: 'running',
      }),
    );
    fs.writeFileSync(path.join(dir, '.lock'), String(process.pid));
    fs.writeFileSync(events, step(1));
  });
  after(() => {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  async function until(what: string, condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('keeps polling, reports the failure once, and delivers again when the file is fixed', async () => {
    const messages: HostToWebviewMessage[] = [];
    const failures: string[] = [];
    const follower = new RunFollower(
      {
        send: (message) => messages.push(message),
        fail: (what, error) => failures.push(`${what}: ${String(error)}`),
      },
      10,
    );
    /** The loss steps delivered so far, as the panel holds them (a reset replaces them). */
    const steps = () => {
      let shown: number[] = [];
      for (const message of messages) {
        if (message.type !== 'metrics') continue;
        const received = message.points.filter((point) => point.series === 'loss').map((point) => point.x);
        shown = message.reset ? received : [...shown, ...received];
      }
      return shown;
    };
    try {
      follower.follow(dir);
      await until('the first step arrives', () => steps().length === 1);

      // A real read failure, even as root: the events file replaced by a folder.
      fs.rmSync(events);
      fs.mkdirSync(events);
      await until('the failure is reported', () => failures.length > 0);
      // Backing off from 20 ms: the tries at 20, 40, 80, 160, 320 ms all fail in this time.
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal(failures.length, 1, `reported once: ${failures.join('; ')}`);
      assert.match(failures[0] ?? '', /EISDIR/);

      fs.rmSync(events, { recursive: true });
      fs.writeFileSync(events, step(1) + step(2));
      await until('the run’s steps arrive again', () => steps().join() === '1,2');
      fs.appendFileSync(events, step(3));
      await until('a new step arrives', () => steps().join() === '1,2,3');
      assert.equal(failures.length, 1);
    } finally {
      follower.dispose();
    }
  });
});
