import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { TrainerEvent } from '../../../../src/core/events';
import { ExperimentFolderError } from '../../../../src/trainapp/experiments';
import { formatEvent, readEventLog, readEvents, rebuildLogs, RunLog } from '../../../../src/trainapp/logs';
import { readEventFile } from './tensorboardReader';
import type { ReadEvent } from './tensorboardReader';
import { step, timed, trainStarted, wholeRun } from './runEvents';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-runlog-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
let folders = 0;
const freshExperiment = () => path.join(root, String(++folders));

const logFile = (dir: string, name: string) => path.join(dir, 'logs', name);
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
const tensorBoardFiles = (dir: string) =>
  fs
    .readdirSync(path.join(dir, 'logs'))
    .filter((name) => name.startsWith('events.out.tfevents.'))
    .map((name) => logFile(dir, name));
const scalarsOf = (events: ReadEvent[]) =>
  events.flatMap((event) =>
    event.values.map((value) => [value.tag, event.step, value.simpleValue, event.wallTime]),
  );

function logRun(dir: string, events: readonly TrainerEvent[], tensorboard = true): [string, TrainerEvent][] {
  const heard: [string, TrainerEvent][] = [];
  const log = new RunLog({
    experimentDir: dir,
    tensorboard,
    onHumanLine: (line, event) => heard.push([line, event]),
  });
  for (const event of events) log.record(event);
  log.close();
  return heard;
}

const run = timed(wholeRun);
const seconds = (event: TrainerEvent | undefined) => Date.parse(event?.time ?? '') / 1000;

describe('RunLog', () => {
  it('writes every event, the human log, one metrics line per epoch and the TensorBoard scalars', () => {
    const dir = freshExperiment();
    const heard = logRun(dir, run);

    assert.deepEqual(readEvents(dir), run);
    assert.equal(lines(logFile(dir, 'events.jsonl')).length, run.length, 'one line per event');

    const humanLines = lines(logFile(dir, 'train.log'));
    assert.equal(humanLines[0], 'training on cpu: 2 epochs of 3 steps, 12 train / 4 val images');
    assert.equal(humanLines[1], 'epoch 1/2  step 1/3  loss 0.9000  lr 1.0e-3   210 img/s  ETA 1m 04s');
    assert.deepEqual(
      heard.map(([line]) => line),
      humanLines,
    );
    assert.equal(heard[0]?.[1], run[0], 'each line comes with the event it tells about');

    assert.deepEqual(
      lines(logFile(dir, 'metrics.jsonl')).map((line) => JSON.parse(line) as unknown),
      [
        { epoch: 1, step: 3, time: run[5]?.time, train_loss: 0.8, val_loss: 0.75, val_accuracy: 0.5 },
        { epoch: 2, step: 6, time: run[11]?.time, train_loss: 0.5, val_loss: 0.45, val_accuracy: 0.75 },
      ],
    );

    const [tensorBoardFile, ...others] = tensorBoardFiles(dir);
    assert.equal(others.length, 0);
    const scalars = scalarsOf(readEventFile(fs.readFileSync(tensorBoardFile ?? '')));
    const f = Math.fround;
    assert.deepEqual(scalars.slice(0, 2), [
      ['train/loss', 1, f(0.9), seconds(run[2])],
      ['train/lr', 1, f(0.001), seconds(run[2])],
    ]);
    assert.deepEqual(scalars.slice(6, 9), [
      ['train/epoch_loss', 1, f(0.8), seconds(run[5])],
      ['val/loss', 1, f(0.75), seconds(run[5])],
      ['val/accuracy', 1, f(0.5), seconds(run[5])],
    ]);
    assert.equal(scalars.length, 6 * 2 + 2 * 3);
  });

  it('leaves TensorBoard out when it is not asked for', () => {
    const dir = freshExperiment();
    logRun(dir, run, false);
    assert.deepEqual(tensorBoardFiles(dir), []);
    assert.equal(lines(logFile(dir, 'metrics.jsonl')).length, 2);
  });

  it('appends a resumed run to the same logs, in a new TensorBoard file, with the global step carried on', () => {
    const dir = freshExperiment();
    logRun(dir, run.slice(0, 7));
    const resumed = timed(
      [trainStarted(2), { type: 'epoch_finished', epoch: 2, metrics: { val_loss: 0.4 }, etaSeconds: 0 }],
      100,
    );
    logRun(dir, resumed);
    assert.deepEqual(readEvents(dir), [...run.slice(0, 7), ...resumed]);
    assert.equal(tensorBoardFiles(dir).length, 2);
    const metrics = lines(logFile(dir, 'metrics.jsonl')).map((line) => JSON.parse(line) as { step: number });
    assert.deepEqual(
      metrics.map((line) => line.step),
      [3, 3],
      'epoch 2 validated right after resuming at its start: global step (2 - 1) × 3',
    );
  });

  it('starts on a new line after a line cut by a crash, so the resumed run loses nothing', () => {
    const dir = freshExperiment();
    logRun(dir, run.slice(0, 3));
    for (const name of ['events.jsonl', 'metrics.jsonl', 'train.log']) {
      fs.appendFileSync(logFile(dir, name), '{"type":"step_fini');
    }
    logRun(dir, run.slice(3, 6));
    const { events, skipped } = readEventLog(dir);
    assert.deepEqual(events, run.slice(0, 6));
    assert.deepEqual(skipped, [{ line: 4, problem: 'not a JSON trainer event: {"type":"step_fini' }]);
    assert.deepEqual(
      lines(logFile(dir, 'metrics.jsonl'))
        .slice(1)
        .map((line) => JSON.parse(line) as unknown),
      [{ epoch: 1, step: 3, time: run[5]?.time, train_loss: 0.8, val_loss: 0.75, val_accuracy: 0.5 }],
    );
    const human = lines(logFile(dir, 'train.log'));
    assert.equal(human[2], '{"type":"step_fini');
    assert.match(human[3] ?? '', /^epoch 1 {2}step 2 {2}loss/);
  });

  it('refuses events after close', () => {
    const log = new RunLog({ experimentDir: freshExperiment(), tensorboard: false });
    log.close();
    assert.throws(() => {
      log.record(run[0] ?? assert.fail());
    }, /was closed/);
  });

  it('keeps every event recorded before the process is killed', () => {
    const dir = freshExperiment();
    const logs = path.resolve(__dirname, '../../../../src/trainapp/logs/index.js');
    const script = `
      const { RunLog } = require(${JSON.stringify(logs)});
      const log = new RunLog({ experimentDir: process.argv[1], tensorboard: true });
      for (const event of JSON.parse(process.argv[2])) log.record(event);
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['-e', script, dir, JSON.stringify(run.slice(0, 12))]);
    assert.equal(child.signal, 'SIGKILL', child.stderr.toString());
    assert.deepEqual(readEvents(dir), run.slice(0, 12));
    assert.equal(lines(logFile(dir, 'metrics.jsonl')).length, 2);
    const [file] = tensorBoardFiles(dir);
    assert.equal(scalarsOf(readEventFile(fs.readFileSync(file ?? ''))).length, 18);
    const expectedHumanLines = run.slice(0, 12).flatMap((event) => formatEvent(event)?.split('\n') ?? []);
    assert.equal(lines(logFile(dir, 'train.log')).length, expectedHumanLines.length);
  });
});

describe('readEvents', () => {
  it('skips a last line cut by a crash and a line that is not an event, and says which', () => {
    const dir = freshExperiment();
    logRun(dir, run.slice(0, 3), false);
    const file = logFile(dir, 'events.jsonl');
    fs.appendFileSync(
      file,
      '{"type":"epoch_started","epoch":0,"time":"2026-03-01T12:00:09.000Z","runId":"1"}\n',
    );
    fs.appendFileSync(file, JSON.stringify(run[3]).slice(0, 30));
    const { events, skipped } = readEventLog(dir);
    assert.deepEqual(events, run.slice(0, 3));
    assert.deepEqual(
      skipped.map(({ line }) => line),
      [4, 5],
    );
    assert.match(skipped[0]?.problem ?? '', /at 'epoch'/);
    assert.deepEqual(readEvents(dir), run.slice(0, 3));
  });

  it('gives no events for a run that has not logged yet, and a clear error for an unreadable file', () => {
    const dir = freshExperiment();
    assert.deepEqual(readEvents(dir), []);
    fs.mkdirSync(logFile(dir, 'events.jsonl'), { recursive: true });
    assert.throws(
      () => readEvents(dir),
      (error) =>
        error instanceof ExperimentFolderError && error.message.includes('events.jsonl: it is a folder'),
    );
  });
});

describe('rebuildLogs', () => {
  function loggedRun(): { dir: string; metrics: string; scalars: unknown[] } {
    const dir = freshExperiment();
    logRun(dir, run);
    const [tensorBoardFile] = tensorBoardFiles(dir);
    return {
      dir,
      metrics: fs.readFileSync(logFile(dir, 'metrics.jsonl'), 'utf8'),
      scalars: scalarsOf(readEventFile(fs.readFileSync(tensorBoardFile ?? ''))),
    };
  }

  it('writes missing metrics.jsonl and TensorBoard file again, equal to the ones the run wrote', () => {
    const { dir, metrics, scalars } = loggedRun();
    fs.rmSync(logFile(dir, 'metrics.jsonl'));
    for (const file of tensorBoardFiles(dir)) fs.rmSync(file);
    fs.appendFileSync(logFile(dir, 'events.jsonl'), '{"type":"step_fini');

    const rebuild = rebuildLogs(dir, { tensorboard: true });
    const [tensorBoardFile, ...others] = tensorBoardFiles(dir);
    assert.equal(others.length, 0);
    assert.deepEqual(rebuild, {
      written: ['logs/metrics.jsonl', `logs/${path.basename(tensorBoardFile ?? '')}`],
      skippedLines: 1,
    });
    assert.equal(fs.readFileSync(logFile(dir, 'metrics.jsonl'), 'utf8'), metrics);
    const events = readEventFile(fs.readFileSync(tensorBoardFile ?? ''));
    assert.equal(events[0]?.fileVersion, 'brain.Event:2');
    assert.deepEqual(scalarsOf(events), scalars);
  });

  it('leaves existing files alone, and writes TensorBoard only when asked', () => {
    const { dir, metrics } = loggedRun();
    assert.deepEqual(rebuildLogs(dir, { tensorboard: true }), { written: [], skippedLines: 0 });
    for (const file of tensorBoardFiles(dir)) fs.rmSync(file);
    assert.deepEqual(rebuildLogs(dir, { tensorboard: false }), { written: [], skippedLines: 0 });
    assert.deepEqual(tensorBoardFiles(dir), []);
    assert.equal(fs.readFileSync(logFile(dir, 'metrics.jsonl'), 'utf8'), metrics);
  });

  it('does not take the temporary file of an interrupted rebuild for a TensorBoard file', () => {
    const { dir } = loggedRun();
    for (const file of tensorBoardFiles(dir)) fs.renameSync(file, `${file}.123.456.tmp`);
    assert.equal(rebuildLogs(dir, { tensorboard: true }).written.length, 1);
  });

  it('does nothing without events.jsonl', () => {
    const dir = freshExperiment();
    assert.deepEqual(rebuildLogs(dir, { tensorboard: true }), { written: [], skippedLines: 0 });
    assert.equal(fs.existsSync(path.join(dir, 'logs')), false);
  });

  it('rebuilds from a run that was killed before its first epoch ended', () => {
    const dir = freshExperiment();
    logRun(dir, timed([trainStarted(), step(1, 1, 0.9)]), false);
    assert.equal(
      fs.existsSync(logFile(dir, 'metrics.jsonl')),
      false,
      'no epoch ended, so no metrics file yet',
    );
    assert.deepEqual(rebuildLogs(dir, { tensorboard: true }).written.length, 2);
    assert.equal(fs.readFileSync(logFile(dir, 'metrics.jsonl'), 'utf8'), '');
    assert.equal(
      formatEvent(readEvents(dir)[1] ?? assert.fail()),
      'epoch 1  step 1  loss 0.9000  lr 1.0e-3   210 img/s  ETA 1m 04s',
    );
  });
});
