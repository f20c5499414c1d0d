import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { metricPointsOf } from '../../../../../src/core/panel';
import type { MetricPoint, RunView } from '../../../../../src/core/panel';
import {
  listArtifacts,
  listExperimentSummaries,
  readComparedRuns,
  readEvaluationView,
} from '../../../../../src/extension/workbench/panel/data/experiments';
import { RunTail } from '../../../../../src/extension/workbench/panel/data/runTail';
import { readEvents } from '../../../../../src/trainapp/logs';
import { REPO_ROOT } from '../../../../paths';

// A real run of the CLI (detection on the sample project, two tiny epochs: about ten seconds) followed by a
// RunTail as the panel follows it, then its folder read by the Artifacts, Evaluation and Compare builders.

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const POLL_MS = 50;

let root: string;
let experimentDir: string;
const runs: RunView[] = [];
const points: MetricPoint[] = [];
const lines: string[] = [];
let resets = 0;

function train(appState: string): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, 'train', '--app-state', appState], {
    cwd: root,
    env: { ...process.env, TRAIN_STUDIO_CACHE: path.join(root, '.cache') },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

/** The run's experiment folder, once the trainer has made it. */
function experimentFolder(): string | undefined {
  const projects = path.join(root, 'experiments', 'shapes');
  const [run] = fs.existsSync(projects) ? fs.readdirSync(projects) : [];
  return run === undefined ? undefined : path.join(projects, run);
}

function follow(tail: RunTail): void {
  const update = tail.read();
  if (update.reset === true) resets++;
  if (update.run) runs.push(update.run);
  points.push(...update.points);
  lines.push(...update.lines);
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-panel-run-'));
  fs.cpSync(path.join(REPO_ROOT, 'samples', 'shapes'), path.join(root, 'shapes'), { recursive: true });
  const sample = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'samples', 'app_state.json'), 'utf8'),
  ) as Record<string, unknown>;
  const appState = path.join(root, 'app_state.json');
  fs.writeFileSync(
    appState,
    JSON.stringify({
      ...sample,
      hyperparameters: 'epochs: 2\nbatch_size: 8\ninput_size: 32\ncheckpoint_freq: 1\nseed: 1\n',
      options: { model_benchmark: { enable: true }, cache_project: false, convert_class_shapes: true },
    }),
  );
  const exited = train(appState);
  const trainer = { running: true };
  void exited.then(() => {
    trainer.running = false;
  });
  let tail: RunTail | undefined;
  while (trainer.running) {
    const dir = experimentFolder();
    if (dir !== undefined) tail ??= new RunTail(dir);
    if (tail) follow(tail);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  assert.equal(await exited, 0);
  experimentDir = experimentFolder() ?? '';
  tail ??= new RunTail(experimentDir);
  follow(tail);
});

after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a real run, followed', () => {
  it('delivered every chart point of events.jsonl exactly once, in order', () => {
    const expected = readEvents(experimentDir).flatMap(metricPointsOf);
    assert.equal(resets, 0);
    assert.ok(expected.some((point) => point.series === 'val_mAP50'));
    assert.deepEqual(points, expected);
  });

  it('delivered train.log line by line', () => {
    const log = fs.readFileSync(path.join(experimentDir, 'logs', 'train.log'), 'utf8');
    assert.deepEqual(lines, log.split('\n').slice(0, -1).slice(-500));
  });

  it('saw the run train live, then end completed', () => {
    assert.ok(
      runs.some((run) => run.phase === 'training' && run.live && run.experiment.status === 'running'),
    );
    const last = runs.at(-1);
    assert.deepEqual(
      last && [last.phase, last.live, last.experiment.status, last.epoch, last.totalEpochs, last.fraction],
      ['ended', false, 'completed', 2, 2, 1],
    );
    assert.equal(last?.experiment.keyMetric?.name, 'mAP50');
  });

  it('lists its artifacts, checkpoints first, last among them', () => {
    const artifacts = listArtifacts(experimentDir);
    assert.equal(artifacts[0]?.kind, 'checkpoint');
    assert.ok(
      artifacts.some((artifact) => artifact.relative === 'checkpoints/last.json' && artifact.bytes > 0),
    );
    assert.ok(
      artifacts.some(
        (artifact) => artifact.relative === 'evaluation/metrics.json' && artifact.kind === 'evaluation',
      ),
    );
    assert.ok(!artifacts.some((artifact) => artifact.relative.startsWith('.')));
  });

  it('reads its evaluation: detection metrics and PR curves, no confusion matrix', () => {
    const view = readEvaluationView(experimentDir);
    assert.equal(view?.primaryMetric, 'mAP50');
    assert.equal(view.metrics.task, 'object detection');
    assert.ok((view.prCurves?.classes.length ?? 0) > 0);
    assert.equal(view.confusion, undefined);
    assert.equal(view.reportFile, path.join(experimentDir, 'evaluation', 'report.html'));
  });

  it('compares it: its epochs, curves and metrics', () => {
    const [summary] = listExperimentSummaries([path.join(root, 'experiments')]);
    assert.equal(summary?.dir, experimentDir);
    assert.equal(
      summary.sourceAppState,
      path.join(root, 'app_state.json'),
      'the completed run keeps its source',
    );
    const [run] = readComparedRuns([experimentDir]);
    assert.deepEqual(run?.epochs, [1, 2]);
    assert.equal(run.curves.train_loss?.length, 2);
    assert.equal(typeof run.metrics.mAP50, 'number');
  });
});
