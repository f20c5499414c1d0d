import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCliInProcess } from '../../cliInProcess';
import { REPO_ROOT } from '../../paths';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-list-'));
after(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
});

function writeRun(experimentsDir: string, project: string, run: string, info?: string | object): string {
  const dir = path.join(experimentsDir, project, run);
  fs.mkdirSync(dir, { recursive: true });
  if (info !== undefined) {
    fs.writeFileSync(
      path.join(dir, 'experiment_info.json'),
      typeof info === 'string' ? info : JSON.stringify(info),
    );
  }
  return dir;
}

const info = (name: string, extra: object) => ({
  experiment_name: name,
  framework_name: 'tfjs',
  project: 'data/shapes',
  status: 'completed',
  ...extra,
});

const experimentsDir = path.join(workspace, 'experiments');
writeRun(
  experimentsDir,
  'shapes',
  '1_tfjs',
  info('1_tfjs', {
    model_name: 'Classifier-S',
    task_type: 'classification',
    epochs: 3,
    evaluation_metrics: { accuracy: 0.875, f1: 0.8 },
  }),
);
writeRun(
  experimentsDir,
  'shapes',
  '4_tfjs',
  info('4_tfjs', { model_name: 'Classifier-M', task_type: 'classification', status: 'running', epochs: 1 }),
);
const broken = writeRun(experimentsDir, 'shapes', '3_tfjs', '{"experiment_name": ');
writeRun(experimentsDir, 'shapes', '5_tfjs');
writeRun(
  experimentsDir,
  'objects',
  '2_yolo',
  info('2_yolo', {
    model_name: 'Detector-S',
    task_type: 'object detection',
    status: 'failed',
    epochs: 0,
    evaluation_metrics: { mAP50: 0.4213 },
  }),
);
// A task without a primary metric (a custom framework's): its framework's first metric is the key one.
writeRun(
  experimentsDir,
  'people',
  '6_mmpose',
  info('6_mmpose', {
    framework_name: 'mmpose',
    model_name: 'Pose-S',
    task_type: 'pose estimation',
    epochs: 2,
    evaluation_metrics: { AP: 0.75, AR: 0.5 },
  }),
);

describe('train-studio list', () => {
  it('lists every run by project, newest first, with status, model, epochs and key metric', async () => {
    const { code, out } = await runCliInProcess(['list'], workspace);
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], `Experiments in ${experimentsDir}`);
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(/ {2,}/)),
      [
        ['PROJECT', 'RUN', 'STATUS', 'MODEL', 'EPOCHS', 'KEY METRIC'],
        ['objects', '2_yolo', 'failed', 'Detector-S', '0', 'mAP50 0.4213'],
        ['people', '6_mmpose', 'completed', 'Pose-S', '2', 'AP 0.7500'],
        ['shapes', '5_tfjs', 'problem: no experiment_info.json yet'],
        ['shapes', '4_tfjs', 'running', 'Classifier-M', '1', '-'],
        [
          'shapes',
          '3_tfjs',
          `problem: ${path.join(broken, 'experiment_info.json')}:1:21: not valid JSON: the file ends too early: expected a value.`,
        ],
        ['shapes', '1_tfjs', 'completed', 'Classifier-S', '3', 'accuracy 0.8750'],
      ],
    );
  });

  it('--json prints one object with every experiment, broken ones with their problem', async () => {
    const { code, out } = await runCliInProcess(
      ['list', '--experiments', experimentsDir, '--json'],
      os.tmpdir(),
    );
    assert.equal(code, 0);
    const listed = JSON.parse(out) as { experimentsDir: string; experiments: Record<string, unknown>[] };
    assert.equal(listed.experimentsDir, experimentsDir);
    assert.deepEqual(listed.experiments[0], {
      project: 'objects',
      dir: path.join(experimentsDir, 'objects', '2_yolo'),
      run: '2_yolo',
      runId: 2,
      status: 'failed',
      model: 'Detector-S',
      task: 'object detection',
      epochs: 0,
      keyMetric: { name: 'mAP50', value: 0.4213 },
    });
    assert.deepEqual(listed.experiments[1]?.keyMetric, { name: 'AP', value: 0.75 });
    assert.deepEqual(listed.experiments[2], {
      project: 'shapes',
      dir: path.join(experimentsDir, 'shapes', '5_tfjs'),
      run: '5_tfjs',
      runId: 5,
      problem: 'no experiment_info.json yet',
    });
    assert.match(String(listed.experiments[4]?.problem), /experiment_info\.json/);
    assert.equal(listed.experiments.length, 6);
  });

  it('says so when the workspace has no experiments yet', async () => {
    const empty = fs.mkdtempSync(path.join(workspace, 'empty-'));
    assert.deepEqual(await runCliInProcess(['list'], empty), {
      code: 0,
      out: `No experiments in ${path.join(empty, 'experiments')} yet.`,
      err: '',
    });
    const json = await runCliInProcess(['list', '--json'], empty);
    assert.deepEqual(JSON.parse(json.out), {
      experimentsDir: path.join(empty, 'experiments'),
      experiments: [],
    });
  });

  it('exits 1, naming the folder, when the experiments folder cannot be read', async () => {
    // A link to itself: even root cannot list it.
    const loop = path.join(workspace, 'loop');
    fs.symlinkSync('loop', loop);
    const { code, out, err } = await runCliInProcess(['list', '--experiments', loop]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.match(
      err,
      new RegExp(`^train-studio list: ${loop.replace(/[/\\.]/g, '\\$&')}: .*cannot list the folder`),
    );
    assert.match(err, /\n {2}Check the experiments folder and its permissions\.$/);
    assert.doesNotMatch(err, /\n\s+at /);
  });

  it('rejects a positional folder with exit 2, pointing at --experiments', async () => {
    const { code, err } = await runCliInProcess(['list', 'experiments']);
    assert.equal(code, 2);
    assert.match(
      err,
      /^train-studio list: unexpected argument 'experiments'; name the folder with --experiments\.$/m,
    );
    assert.match(err, /^Usage: train-studio list \[--experiments <dir>\] \[--json\]$/m);
  });

  it('ends quietly, exit 0, when its reader stops before the end (list | head)', async () => {
    // More output than a pipe holds, so the CLI is still writing when the reader goes.
    const many = path.join(workspace, 'many', 'experiments');
    for (let run = 1; run <= 3000; run++) {
      writeRun(many, 'shapes', `${run}_tfjs`, info(`${run}_tfjs`, { model_name: 'Classifier-S', epochs: 3 }));
    }
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'list', '--json'], {
      cwd: path.dirname(many),
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
