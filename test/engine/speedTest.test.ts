import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { ExperimentInfo, SpeedTestReport } from '../../src/core/schemas';
import { selectBackend } from '../../src/engine/backend';
import { timeTfjsInference } from '../../src/engine/benchmark';
import { loadCheckpoint } from '../../src/engine/train';
import { folderSnapshot } from '../folderSnapshot';
import { TEST_BACKENDS } from './support';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf, readJson } from './workspace';

// The speed test through the real CLI: as a finalise step of a run, and as `train-studio benchmark` on a
// finished experiment, with every way it can fail. Timings are only checked to be positive and finite.

let workspace: Workspace;
let experimentDir: string;

const speedTestFile = (dir: string) => path.join(dir, 'evaluation', 'speedtest.json');
const readReport = (dir: string) => SpeedTestReport.parse(readJson(speedTestFile(dir)));
const infoOf = (dir: string) => ExperimentInfo.parse(readJson(path.join(dir, 'experiment_info.json')));

function assertNoStackTrace(text: string) {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace was printed:\n${text}`);
}

/** Every measurement is real: positive, finite figures, and throughput is images per second at the median. */
function assertMeasured(report: SpeedTestReport, batchSizes: readonly number[]) {
  for (const runtime of ['tfjs', 'onnxruntime'] as const) {
    const measured = report.measurements.filter((measurement) => measurement.runtime === runtime);
    assert.deepEqual(
      measured.map((measurement) => measurement.batch_size),
      batchSizes,
      `${runtime}: ${JSON.stringify(report.skipped)}`,
    );
    for (const { latency_ms: latency, throughput, batch_size: batch, runs } of measured) {
      for (const value of [latency.median, latency.p95, latency.mean, latency.min, throughput]) {
        assert.ok(Number.isFinite(value) && value > 0, `${runtime} b${String(batch)}: ${String(value)}`);
      }
      assert.ok(latency.min <= latency.median && latency.median <= latency.p95);
      assert.ok(runs >= 3);
      const expected = (batch * 1000) / latency.median;
      assert.ok(
        Math.abs(throughput - expected) / expected < 1e-3,
        `${String(throughput)} vs ${String(expected)}`,
      );
    }
  }
  assert.equal(report.measurements.find(({ runtime }) => runtime === 'tfjs')?.device, 'wasm');
  assert.equal(report.measurements.find(({ runtime }) => runtime === 'onnxruntime')?.device, 'cpu');
  assert.deepEqual(report.skipped, []);
}

/** A copy of the experiment beside it, to damage: its app_state's relative paths still resolve. */
function copyOfExperiment(name: string): string {
  const copy = path.join(path.dirname(experimentDir), name);
  fs.cpSync(experimentDir, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

/** Refused in one message, leaving the folder (its speedtest.json of the finalise step too) as it was. */
async function assertRefused(dir: string, message: RegExp, options: readonly string[] = []) {
  assert.ok(fs.existsSync(speedTestFile(dir)), 'an earlier speedtest.json is there to be kept');
  const before = folderSnapshot(dir);
  const { code, stdout, stderr } = await workspace.cli(['benchmark', dir, ...options]).exited;
  assert.equal(code, 1, stderr);
  assert.match(stderr, new RegExp(`^train-studio benchmark: ${message.source}`, 'm'));
  assertNoStackTrace(stderr);
  assert.equal(stdout, '');
  assert.deepEqual(folderSnapshot(dir), before, 'the experiment folder is left as it was');
}

before(async () => {
  workspace = createWorkspace('speed-test');
  const appState = workspace.appState({
    options: { model_benchmark: { enable: true, speed_test: true }, cache_project: false },
  });
  const { code, stdout, stderr } = await workspace.cli(['train', '--app-state', appState]).exited;
  assert.equal(code, 0, stderr);
  experimentDir = experimentDirOf(stdout);
});
after(() => {
  workspace.remove();
});

describe('the speed test of a run', () => {
  it('is a finalise step when options.model_benchmark.speed_test is on, at batch 1, 8 and 32', () => {
    const info = infoOf(experimentDir);
    assert.equal(info.status, 'completed');
    assert.equal(info.finalize_steps.speed_test?.status, 'done', JSON.stringify(info.finalize_steps));
    const report = readReport(experimentDir);
    assert.equal(report.checkpoint, 'best.json');
    assert.equal(report.input_size, 32);
    assertMeasured(report, [1, 8, 32]);
    assert.ok(!fs.existsSync(path.join(experimentDir, 'export')), 'the ONNX model is built in memory only');
    const log = fs.readFileSync(path.join(experimentDir, 'logs', 'train.log'), 'utf8');
    assert.match(log, /Speed test, onnxruntime \(cpu\) batch 32: median \d/);
  });
});

describe('train-studio benchmark', () => {
  it('times a chosen checkpoint at the batch sizes given and prints a table', async () => {
    const { code, stdout, stderr } = await workspace.cli([
      'benchmark',
      experimentDir,
      '--checkpoint',
      'last.json',
      '--batch-sizes',
      '1,2',
    ]).exited;
    assert.equal(code, 0, stderr);
    const report = readReport(experimentDir);
    assert.equal(report.checkpoint, 'last.json');
    assertMeasured(report, [1, 2]);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], 'Speed test of last.json, 32 px input:');
    assert.match(lines[1] ?? '', /^runtime +device +batch +median ms +p95 ms +images\/s$/);
    assert.match(lines[2] ?? '', /^tfjs +wasm +1 +\d+\.\d+ +\d+\.\d+ +\d+\.\d$/);
    assert.match(lines[5] ?? '', /^onnxruntime +cpu +2 +\d+\.\d+ +\d+\.\d+ +\d+\.\d$/);
    assert.equal(lines.at(-1), `Written: ${speedTestFile(experimentDir)}`);
    assertNoStackTrace(stderr);
  });

  it('prints the report itself with --json', async () => {
    const { code, stdout, stderr } = await workspace.cli([
      'benchmark',
      experimentDir,
      '--batch-sizes',
      '1',
      '--json',
    ]).exited;
    assert.equal(code, 0, stderr);
    const printed = SpeedTestReport.parse(JSON.parse(stdout));
    assert.deepEqual(printed, readReport(experimentDir));
    assert.equal(printed.checkpoint, 'best.json');
    assertMeasured(printed, [1]);
  });

  it('times the exported export/<checkpoint>.onnx when there is one, and says why ONNX Runtime was skipped', async () => {
    const dir = copyOfExperiment('with_broken_export');
    fs.mkdirSync(path.join(dir, 'export'));
    fs.writeFileSync(path.join(dir, 'export', 'best.onnx'), 'not an ONNX model');
    const { code, stdout, stderr } = await workspace.cli(['benchmark', dir, '--batch-sizes', '1', '--json'])
      .exited;
    assert.equal(code, 0, stderr);
    const report = SpeedTestReport.parse(JSON.parse(stdout));
    assert.deepEqual(
      report.measurements.map(({ runtime, batch_size: batch }) => `${runtime} ${String(batch)}`),
      ['tfjs 1'],
    );
    assert.deepEqual(
      report.skipped.map(({ runtime }) => runtime),
      ['onnxruntime'],
    );
    assert.match(report.skipped.map(({ reason }) => reason).join('\n'), /export\/best\.onnx/);
    assert.match(stderr, /onnxruntime skipped/);
  });

  it('refuses an experiment whose checkpoint is missing, naming the file', async () => {
    const dir = copyOfExperiment('without_best_file');
    fs.rmSync(path.join(dir, 'checkpoints', 'best.json'));
    await assertRefused(dir, /There is no checkpoint best\.json in .*without_best_file\/checkpoints\./);
  });

  it('refuses an experiment that has no best checkpoint, and says to name one', async () => {
    const dir = copyOfExperiment('no_best');
    const info = infoOf(dir);
    fs.writeFileSync(
      path.join(dir, 'experiment_info.json'),
      JSON.stringify({ ...info, best_checkpoint: null, checkpoints: [] }),
    );
    await assertRefused(dir, /.*no_best has no best checkpoint \(its run did not finish\)\./);
  });

  it("refuses another experiment's checkpoint named by a path, timing and writing nothing", async () => {
    const dir = copyOfExperiment('other_checkpoint');
    const outside = `../../${path.basename(experimentDir)}/checkpoints/best.json`;
    const original = folderSnapshot(experimentDir);
    await assertRefused(
      dir,
      /'\.\.\/\.\.\/.*\/checkpoints\/best\.json' is not the file name of a checkpoint/,
      ['--checkpoint', outside],
    );
    assert.deepEqual(folderSnapshot(experimentDir), original, 'the other experiment is left as it was');
  });

  it('refuses a damaged checkpoint, naming it', async () => {
    const dir = copyOfExperiment('corrupt');
    const sidecar = readJson(path.join(dir, 'checkpoints', 'best.json')) as { tensorFile: { file: string } };
    const tensorFile = path.join(dir, 'checkpoints', sidecar.tensorFile.file);
    const bytes = fs.readFileSync(tensorFile);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    fs.writeFileSync(tensorFile, bytes);
    await assertRefused(dir, /Cannot time the checkpoint .*corrupt\/checkpoints\/best\.json: .*sha256/);
  });

  it('refuses a custom framework’s experiment in one message', async () => {
    const appState = workspace.frameworkAppState('js-module', {
      hyperparameters: 'epochs: 1\nbatch_size: 2\nstep_ms: 1\n',
    });
    const trained = await workspace.cli(['train', '--app-state', appState]).exited;
    assert.equal(trained.code, 0, trained.stderr);
    const dir = experimentDirOf(trained.stdout);
    fs.mkdirSync(path.dirname(speedTestFile(dir)), { recursive: true });
    fs.copyFileSync(speedTestFile(experimentDir), speedTestFile(dir));
    await assertRefused(dir, /.*only the built-in framework's models can be timed\./);
  });
});

describe('timing tfjs in this process', () => {
  it('leaves no tensor behind', async () => {
    await selectBackend({ only: TEST_BACKENDS });
    const loaded = loadCheckpoint(path.join(experimentDir, 'checkpoints', 'best.json'));
    try {
      const before = tf.memory().numTensors;
      const timing = await timeTfjsInference(loaded.network, 2, {
        warmupRuns: 1,
        minRuns: 3,
        maxRuns: 5,
        budgetMs: 0,
      });
      assert.equal(tf.memory().numTensors, before, 'tensors left after timing');
      assert.equal(timing.runs, 3);
      assert.ok(Number.isFinite(timing.latencyMs.median) && timing.latencyMs.median > 0);
    } finally {
      loaded.network.dispose();
    }
  });
});
