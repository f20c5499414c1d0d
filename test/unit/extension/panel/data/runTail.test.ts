import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrainerEvent } from '../../../../../src/core/events';
import { RunView } from '../../../../../src/core/panel';
import { RunTail } from '../../../../../src/extension/workbench/panel/data/runTail';
import { makeWorkspace } from '../../commands/testWorkspace';
import type { TestWorkspace } from '../../commands/testWorkspace';

// RunTail on an experiment folder written a piece at a time, as a trainer writes it: each read returns only
// what is new. The folder is the test workspace's experiment, its status set back to running.

type EventBody = { type: TrainerEvent['type'] } & Record<string, unknown>;

let workspace: TestWorkspace;
let dir: string;
let events: string;
let trainLog: string;
const TIME = '2026-01-01T00:00:00.000Z';

const line = (event: EventBody) => `${JSON.stringify({ ...event, time: TIME, runId: '1_tfjs' })}\n`;
const opened = (): EventBody => ({ type: 'experiment_opened', experimentDir: dir, command: 'train' });
const started: EventBody = {
  type: 'train_started',
  totalEpochs: 2,
  stepsPerEpoch: 2,
  startEpoch: 1,
  backend: 'wasm',
  skippedBackends: [],
  trainSize: 8,
  valSize: 2,
};
const step = (globalStep: number): EventBody => ({
  type: 'step_finished',
  epoch: Math.ceil(globalStep / 2),
  step: ((globalStep - 1) % 2) + 1,
  globalStep,
  totalSteps: 4,
  loss: 1 / globalStep,
  lr: 0.01,
  imagesPerSecond: 10,
  etaSeconds: 4 - globalStep,
});
const epochDone = (epoch: number): EventBody => ({
  type: 'epoch_finished',
  epoch,
  metrics: { train_loss: 1 / epoch, val_accuracy: epoch / 2 },
  etaSeconds: 2 * (2 - epoch),
});

function setStatus(status: string): void {
  const file = path.join(dir, 'experiment_info.json');
  const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...info, status }));
}

before(() => {
  workspace = makeWorkspace('panel-tail');
  dir = workspace.experiment;
  events = path.join(dir, 'logs', 'events.jsonl');
  trainLog = path.join(dir, 'logs', 'train.log');
  setStatus('running');
});

after(() => {
  fs.rmSync(workspace.root, { recursive: true, force: true });
});

describe('RunTail', () => {
  it('follows the logs as they grow: each read returns only what is new', () => {
    const tail = new RunTail(dir);
    const first = tail.read();
    assert.deepEqual([first.points, first.lines], [[], []]);
    assert.equal(first.run?.phase, 'starting');
    assert.equal(first.run.experiment.name, 'shapes-run');
    assert.equal(tail.read().run, undefined);

    fs.mkdirSync(path.dirname(events), { recursive: true });
    fs.writeFileSync(events, line(opened()) + line(started) + line(step(1)));
    fs.writeFileSync(trainLog, 'Dataset: shapes\nTraining on wasm\n');
    const second = tail.read();
    assert.deepEqual(second.lines, ['Dataset: shapes', 'Training on wasm']);
    assert.deepEqual(
      second.points.map((point) => [point.series, point.x, point.value]),
      [
        ['loss', 1, 1],
        ['lr', 1, 0.01],
      ],
    );
    assert.deepEqual(
      second.run && [second.run.phase, second.run.epoch, second.run.totalEpochs, second.run.fraction],
      ['training', 1, 2, 0.25],
    );

    // Half a line: nothing until the rest arrives, then the whole event once.
    const next = line(step(2));
    fs.appendFileSync(events, next.slice(0, 20));
    fs.appendFileSync(trainLog, 'epoch 1 ');
    const partial = tail.read();
    assert.deepEqual([partial.points, partial.lines, partial.run], [[], [], undefined]);
    fs.appendFileSync(events, next.slice(20) + line(epochDone(1)));
    fs.appendFileSync(trainLog, 'done\n');
    const rest = tail.read();
    assert.deepEqual(rest.lines, ['epoch 1 done']);
    assert.deepEqual(
      rest.points.map((point) => `${point.axis}:${point.series}@${String(point.x)}`),
      ['step:loss@2', 'step:lr@2', 'epoch:train_loss@1', 'epoch:val_accuracy@1'],
    );
    assert.equal(rest.run?.fraction, 0.5);
    assert.equal(rest.run.etaSeconds, 2);
    assert.deepEqual(tail.read(), { points: [], lines: [] });
  });

  it('skips a corrupt line and goes on with the next', () => {
    const tail = new RunTail(dir);
    tail.read();
    fs.appendFileSync(events, '{"type":"step_finished","epoch":\nnot json at all\n' + line(step(3)));
    const update = tail.read();
    assert.deepEqual(
      update.points.map((point) => point.x),
      [3, 3],
    );
    assert.equal(update.run?.fraction, 0.75);
  });

  it('reports the end of the run from the events and the info', () => {
    const tail = new RunTail(dir);
    tail.read();
    fs.appendFileSync(
      events,
      line(step(4)) + line(epochDone(2)) + line({ type: 'train_finished', status: 'completed', epochs: 2 }),
    );
    setStatus('completed');
    const update = tail.read();
    assert.doesNotThrow(() => RunView.parse(update.run));
    assert.deepEqual(update.run && [update.run.phase, update.run.experiment.status, update.run.live], [
      'ended',
      'completed',
      false,
    ]);
    assert.equal(tail.isLive(), false);
  });

  it('starts over when the logs are replaced, and says so', () => {
    const tail = new RunTail(dir);
    tail.read();
    const replacement = `${events}.new`;
    fs.writeFileSync(replacement, line(opened()) + line(started));
    fs.renameSync(replacement, events);
    fs.writeFileSync(trainLog, 'again\n');
    const update = tail.read();
    assert.equal(update.reset, true);
    assert.deepEqual([update.points, update.lines], [[], ['again']]);
    assert.equal(update.run?.epoch, 1);
    // Cut short in place (same file, fewer bytes): also a fresh start.
    fs.appendFileSync(trainLog, 'more\n');
    assert.deepEqual(tail.read().lines, ['more']);
    fs.truncateSync(trainLog, 0);
    fs.appendFileSync(trainLog, 'x\n');
    const truncated = tail.read();
    assert.equal(truncated.reset, true);
    assert.deepEqual(truncated.lines, ['x']);
  });

  it('opens with the last 500 lines of a long log', () => {
    const lines = Array.from({ length: 1200 }, (_, index) => `line ${String(index)}`);
    fs.writeFileSync(trainLog, `${lines.join('\n')}\n`);
    const tail = new RunTail(dir);
    assert.deepEqual(tail.read().lines, lines.slice(-500));
    fs.appendFileSync(trainLog, 'line 1200\n');
    assert.deepEqual(tail.read().lines, ['line 1200']);
  });

  it('never throws for a folder without logs, and knows it is not live', () => {
    const tail = new RunTail(path.join(workspace.root, 'nowhere'));
    assert.deepEqual(tail.read(), { points: [], lines: [] });
    assert.equal(tail.isLive(), false);
  });

  it('is live while its lock names a live process', () => {
    fs.writeFileSync(path.join(dir, '.lock'), String(process.pid));
    const tail = new RunTail(dir);
    assert.equal(tail.isLive(), true);
    assert.equal(tail.read().run?.live, true);
    fs.rmSync(path.join(dir, '.lock'));
    assert.equal(tail.read().run?.live, false);
  });
});
