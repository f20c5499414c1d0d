import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExperimentInfo } from '../../src/core/schemas';
import { readAppStateFile } from '../../src/trainapp/run/appStateFile';
import { ofType } from './support';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf, readJson, tensorsOf } from './workspace';

// The run lifecycle end to end, through the real CLI in its own process: app_state in, experiment folder
// out, with stop, resume, finalise, evaluation, fine-tuning and every way a run can fail.

let workspace: Workspace;
before(() => {
  workspace = createWorkspace('lifecycle');
});
after(() => {
  workspace.remove();
});

const infoOf = (experimentDir: string) =>
  ExperimentInfo.parse(readJson(path.join(experimentDir, 'experiment_info.json')));

const METADATA_FILES = [
  'experiment_info.json',
  'app_state.json',
  'hyperparameters.yaml',
  'train_val_split.json',
  'model_meta.json',
];

async function train(appState: string, extra: readonly string[] = []) {
  const trainer = workspace.cli(['train', '--app-state', appState, ...extra]);
  const end = await trainer.exited;
  return { ...end, trainer };
}

function assertNoStackTrace(text: string) {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace was printed:\n${text}`);
}

describe('train-studio train', () => {
  let firstRun: string;

  it('trains from an app_state into a complete experiment folder', async () => {
    const appState = workspace.appState({ experiment_name: 'first' });
    const { code, stdout, stderr } = await train(appState);
    assert.equal(code, 0, stderr);
    firstRun = experimentDirOf(stdout);
    assert.equal(path.relative(workspace.dir, firstRun), path.join('experiments', 'shapes', '1_tfjs'));
    assert.match(stdout, /Status: +completed, 3 epoch\(s\), best checkpoint best\.json/);
    assert.match(stdout, /accuracy +\d\.\d{4}/);

    const info = infoOf(firstRun);
    assert.equal(info.status, 'completed');
    assert.equal(info.experiment_name, 'first');
    assert.equal(info.model_name, 'Classifier-S');
    assert.equal(info.task_type, 'classification');
    assert.equal(info.base_checkpoint, null);
    assert.equal(info.run_id, 1);
    assert.equal(info.epochs, 3);
    assert.equal((info.train_size ?? 0) + (info.val_size ?? 0), 24);
    assert.match(info.project_version ?? '', /^[0-9a-f]{64}$/);
    assert.match(info.datetime ?? '', /T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    assert.equal(info.best_checkpoint, 'best.json');
    assert.ok(info.checkpoints.includes('checkpoints/best.json'));
    assert.ok(info.checkpoints.includes('checkpoints/last.json'));
    assert.equal(info.model_files.checkpoint, 'checkpoints/best.json');
    assert.ok(Number.isFinite(info.evaluation_metrics.accuracy));
    assert.equal(info.evaluation_checkpoint, 'best.json');
    assert.deepEqual(info.logs, { type: 'tensorboard', link: 'logs' });
    for (const step of [
      'validate_result',
      'copy_artifacts',
      'write_metadata',
      'write_logs',
      'evaluate',
    ] as const) {
      assert.equal(info.finalize_steps[step]?.status, 'done', step);
    }
    assert.equal(info.finalize_steps.export?.status, 'skipped');

    for (const file of METADATA_FILES) assert.ok(fs.existsSync(path.join(firstRun, file)), file);
    const logs = fs.readdirSync(path.join(firstRun, 'logs'));
    for (const file of ['train.log', 'events.jsonl', 'metrics.jsonl']) assert.ok(logs.includes(file), file);
    assert.ok(logs.some((file) => file.startsWith('events.out.tfevents.')));
    const metricLines = fs.readFileSync(path.join(firstRun, 'logs/metrics.jsonl'), 'utf8').trim().split('\n');
    assert.equal(metricLines.length, 3);
    assert.ok(fs.existsSync(path.join(firstRun, 'evaluation/metrics.json')));
    assert.ok(fs.existsSync(path.join(firstRun, 'evaluation/confusion_matrix.json')));
    assert.ok(!fs.existsSync(path.join(firstRun, '.work')), 'the work folder is removed once finalised');

    const split = readJson(path.join(firstRun, 'train_val_split.json')) as { train: string[]; val: string[] };
    assert.equal(split.train.length, info.train_size);
    // The saved app_state runs from the experiment folder: its paths were rebased onto it.
    const saved = readAppStateFile(path.join(firstRun, 'app_state.json'), path.resolve('frameworks/tfjs'));
    assert.equal(
      path.resolve(saved.dir, saved.appState.input.project),
      path.join(workspace.dir, 'data/shapes'),
    );
  });

  it('numbers runs per workspace and never reuses a folder', async () => {
    const { code, stdout, stderr } = await train(workspace.appState());
    assert.equal(code, 0, stderr);
    assert.equal(path.basename(experimentDirOf(stdout)), '2_tfjs');
    assert.ok(fs.existsSync(path.join(firstRun, 'checkpoints/best.json')));
  });

  it('stops on a stdin stop and resumes to the very weights of a run that never stopped', async () => {
    const appState = workspace.appState({ experiment_name: 'stopped' });
    const trainer = workspace.cli(['train', '--app-state', appState, '--events']);
    await trainer.waitFor((event) => event.type === 'epoch_finished' && event.epoch === 1);
    trainer.child.stdin.write('{"type":"stop"}\n');
    const stopped = await trainer.exited;
    assert.equal(stopped.code, 0, stopped.stderr);
    const stoppedDir = experimentDirOf(stopped.stderr);
    const info = infoOf(stoppedDir);
    assert.equal(info.status, 'stopped');
    assert.ok((info.epochs ?? 0) < 3);
    for (const file of METADATA_FILES) assert.ok(fs.existsSync(path.join(stoppedDir, file)), file);
    assert.ok(fs.existsSync(path.join(stoppedDir, 'checkpoints/last.json')));
    assert.equal(ofType(trainer.events, 'train_finished').at(-1)?.status, 'stopped');

    const resumed = workspace.cli(['resume', stoppedDir, '--events']);
    const end = await resumed.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.ok((ofType(resumed.events, 'train_started')[0]?.startEpoch ?? 0) > 1);
    const after = infoOf(stoppedDir);
    assert.equal(after.status, 'completed');
    assert.equal(after.epochs, 3);
    assert.equal(after.datetime, info.datetime, 'a resumed run keeps its start time');
    assert.equal(tensorsOf(stoppedDir, 'last'), tensorsOf(firstRun, 'last'));
  });

  it('stops gracefully on SIGTERM, with every file in place', async () => {
    const trainer = workspace.cli(['train', '--app-state', workspace.appState(), '--events']);
    await trainer.waitFor((event) => event.type === 'step_finished');
    trainer.child.kill('SIGTERM');
    const { code, stderr } = await trainer.exited;
    assert.equal(code, 0, stderr);
    const dir = experimentDirOf(stderr);
    assert.equal(infoOf(dir).status, 'stopped');
    assert.ok(fs.existsSync(path.join(dir, 'checkpoints/last.json')));
  });

  it('refuses to resume a completed run, and says what to do instead', async () => {
    const { code, stderr } = await workspace.cli(['resume', firstRun]).exited;
    assert.equal(code, 1);
    assert.match(stderr, /nothing to resume/);
    assert.match(stderr, /fine-tunes/);
  });

  it('completes an interrupted finalise without training again', async () => {
    const before = infoOf(firstRun);
    const bestTensors = tensorsOf(firstRun, 'best');
    // The state a kill during the evaluation step leaves: training's outcome kept, later steps not done.
    fs.mkdirSync(path.join(firstRun, '.work'));
    fs.writeFileSync(
      path.join(firstRun, '.work/training_outcome.json'),
      JSON.stringify({
        status: 'completed',
        epochs: 3,
        result: {
          model_name: before.model_name,
          checkpoints: before.checkpoints,
          best_checkpoint: before.best_checkpoint,
          model_files: before.model_files,
        },
      }),
    );
    const doneSteps = {
      validate_result: before.finalize_steps.validate_result,
      copy_artifacts: before.finalize_steps.copy_artifacts,
      write_metadata: before.finalize_steps.write_metadata,
    };
    fs.writeFileSync(
      path.join(firstRun, 'experiment_info.json'),
      JSON.stringify({ ...before, status: 'running', finalize_steps: doneSteps, evaluation_metrics: {} }),
    );
    fs.rmSync(path.join(firstRun, 'evaluation'), { recursive: true });
    fs.rmSync(path.join(firstRun, 'logs/metrics.jsonl'));

    const finisher = workspace.cli(['finalize', firstRun, '--events']);
    const { code, stderr } = await finisher.exited;
    assert.equal(code, 0, stderr);
    assert.equal(ofType(finisher.events, 'epoch_started').length, 0, 'nothing was trained');
    assert.deepEqual(
      ofType(finisher.events, 'finalize_step')
        .filter((event) => event.status !== 'started')
        .map((event) => event.step),
      ['write_logs', 'evaluate', 'export', 'speed_test', 'report'],
    );
    const info = infoOf(firstRun);
    assert.equal(info.status, 'completed');
    assert.deepEqual(info.evaluation_metrics, before.evaluation_metrics);
    assert.equal(tensorsOf(firstRun, 'best'), bestTensors);
    assert.ok(fs.existsSync(path.join(firstRun, 'evaluation/metrics.json')));
    assert.equal(
      fs.readFileSync(path.join(firstRun, 'logs/metrics.jsonl'), 'utf8').trim().split('\n').length,
      3,
    );
  });

  it('evaluates a chosen checkpoint and records which one', async () => {
    const { code, stdout, stderr } = await workspace.cli(['evaluate', firstRun, '--checkpoint', 'last.json'])
      .exited;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /accuracy/);
    const info = infoOf(firstRun);
    assert.equal(info.evaluation_checkpoint, 'last.json');
    const written = readJson(path.join(firstRun, 'evaluation/metrics.json'));
    assert.equal(written.checkpoint, 'last.json');
  });

  it('fine-tunes from an earlier experiment as a new run, and refuses a class change unless asked', async () => {
    const custom = {
      model: {
        source: 'Custom models',
        experiment: path.relative(workspace.dir, firstRun),
        checkpoint: 'best.json',
      },
    };
    const tuned = await train(workspace.appState(custom));
    assert.equal(tuned.code, 0, tuned.stderr);
    const tunedInfo = infoOf(experimentDirOf(tuned.stdout));
    assert.equal(tunedInfo.base_checkpoint, path.join(firstRun, 'checkpoints/best.json'));
    assert.equal(tunedInfo.epochs, 3, 'fine-tuning counts its epochs afresh');

    const fewer = await train(workspace.appState({ ...custom, classes: ['disc', 'square'] }));
    assert.equal(fewer.code, 1);
    assert.match(fewer.stderr, /reinitialize_head/);
    assert.match(fewer.stderr, /triangle/);
    const allowed = await train(
      workspace.appState({
        ...custom,
        classes: ['disc', 'square'],
        options: { reinitialize_head: true, cache_project: false },
      }),
    );
    assert.equal(allowed.code, 0, allowed.stderr);
  });
});

describe('a run that fails', () => {
  const cases: readonly { name: string; appState: () => string; expect: RegExp; hint?: RegExp }[] = [
    {
      name: 'a broken app_state',
      appState: () => workspace.write('broken/app_state.json', '{ "input": { "project": "data/shapes" }, '),
      expect: /app_state\.json:1:\d+/,
    },
    {
      name: 'a missing dataset',
      appState: () =>
        workspace.appState({ input: { project: 'data/nowhere' } }, 'missing_dataset.app_state.json'),
      expect: /nowhere/,
    },
    {
      name: 'an unknown model name',
      appState: () =>
        workspace.appState(
          { model: { source: 'Pretrained models', model_name: 'Classifier-XL' } },
          'unknown_model.app_state.json',
        ),
      expect: /Classifier-XL/,
    },
    {
      name: 'a GPU asked for where there is none',
      appState: () =>
        workspace.appState({ options: { device: 'gpu', cache_project: false } }, 'gpu.app_state.json'),
      expect: /gpu/i,
      hint: /options\.device/,
    },
  ];
  for (const { name, appState, expect, hint } of cases) {
    it(`ends with status failed and one clear message for ${name}`, async () => {
      const earlier = workspace.experiments();
      const { code, stdout, stderr } = await train(appState());
      assert.equal(code, 1);
      assert.match(stderr, expect);
      assert.match(stderr, /Log: .+train\.log/);
      assertNoStackTrace(stderr + stdout);
      const dir = experimentDirOf(stdout);
      const info = infoOf(dir);
      assert.equal(info.status, 'failed');
      assert.match(info.error?.message ?? '', expect);
      assert.ok((info.error?.hint ?? '').length > 0);
      if (hint) assert.match(info.error?.hint ?? '', hint);
      const events = fs.readFileSync(path.join(dir, 'logs/events.jsonl'), 'utf8').trim().split('\n');
      assert.equal(events.filter((line) => line.includes('"type":"error"')).length, 1, 'one error event');
      for (const folder of earlier) assert.ok(fs.existsSync(folder), `${folder} survived`);
    });
  }
});
