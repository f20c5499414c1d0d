import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  listArtifacts,
  listExperimentSummaries,
  readComparedRuns,
  readEvaluationView,
  summarizeExperiment,
} from '../../../../../src/extension/workbench/panel/data/experiments';
import { writeExperimentInfo } from '../../../../../src/trainapp/experiments';
import { experimentInfoOf } from '../../../../fixtures/experimentInfo';
import { CHECKPOINTS, EXPERIMENT_NAME, makeWorkspace } from '../../commands/testWorkspace';
import type { TestWorkspace } from '../../commands/testWorkspace';

// The Artifacts, Evaluation and Compare cards' facts from experiment folders laid out as the trainer leaves
// them (the test workspace's), with the files each case needs written in. realRun.test.ts reads the
// folder of a real run.

let workspace: TestWorkspace;
/** A second, newer experiment of the same project, trained on `objects`. */
let newer: string;
/** A folder whose experiment_info.json is not JSON. */
let broken: string;

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

before(() => {
  workspace = makeWorkspace('panel-experiments');
  newer = path.join(workspace.experimentsDir, 'shapes', '2_tfjs');
  fs.mkdirSync(newer, { recursive: true });
  writeExperimentInfo(
    newer,
    experimentInfoOf({
      experiment_name: 'second',
      framework_name: 'tfjs',
      project: '../../../data/shapes',
      status: 'running',
      datetime: '2026-05-01T10:00:00.000Z',
    }),
  );
  broken = path.join(workspace.experimentsDir, 'shapes', '3_tfjs');
  write(path.join(broken, 'experiment_info.json'), '{"experiment_name": ');
});

after(() => {
  fs.rmSync(workspace.root, { recursive: true, force: true });
});

describe('experiment summaries', () => {
  it('lists the readable experiments newest first, with absolute project folders and key metrics', () => {
    const summaries = listExperimentSummaries([workspace.experimentsDir, path.join(workspace.root, 'none')]);
    assert.deepEqual(
      summaries.map((summary) => summary.name),
      ['second', EXPERIMENT_NAME],
    );
    assert.deepEqual(summaries[1], {
      dir: workspace.experiment,
      name: EXPERIMENT_NAME,
      status: 'completed',
      project: workspace.shapes,
      model: 'Classifier-S',
      taskType: 'classification',
      keyMetric: { name: 'accuracy', value: 0.5 },
    });
  });

  it('has no summary for a folder without a readable experiment_info.json', () => {
    assert.equal(summarizeExperiment(broken), undefined);
    assert.equal(summarizeExperiment(path.join(workspace.root, 'nowhere')), undefined);
    assert.equal(summarizeExperiment(newer)?.status, 'running');
  });
});

describe('listArtifacts', () => {
  it('lists the files by kind, checkpoints first, without scratch, lock or hidden files', () => {
    const dir = workspace.experiment;
    write(path.join(dir, '.work', 'converted.json'), '{}');
    write(path.join(dir, '.lock'), '1');
    write(path.join(dir, 'logs', '.hidden'), '');
    write(path.join(dir, 'logs', 'train.log'), 'hello\n');
    write(path.join(dir, 'evaluation', 'worst', '01.jpg'), 'jpeg');
    write(path.join(dir, 'export', 'best.onnx'), 'onnx!');
    write(path.join(dir, 'notes.md'), '# notes');
    const artifacts = listArtifacts(dir);
    assert.deepEqual(
      artifacts.map((artifact) => [artifact.kind, artifact.relative]),
      [
        ['checkpoint', 'checkpoints/best.json'],
        ['checkpoint', 'checkpoints/epoch_1.json'],
        ['checkpoint', 'checkpoints/epoch_2.json'],
        ['checkpoint', 'checkpoints/last.json'],
        ['export', 'export/best.onnx'],
        ['evaluation', 'evaluation/worst/01.jpg'],
        ['log', 'logs/train.log'],
        ['config', 'app_state.json'],
        ['config', 'experiment_info.json'],
        ['other', 'notes.md'],
      ],
    );
    assert.equal(CHECKPOINTS.length, 4);
    const onnx = artifacts.find((artifact) => artifact.relative === 'export/best.onnx');
    assert.deepEqual(onnx && [onnx.path, onnx.bytes], [path.join(dir, 'export', 'best.onnx'), 5]);
  });

  it('leaves out symbolic links, to folders (even the disk, or a loop) and to files', () => {
    const dir = path.join(workspace.experimentsDir, 'shapes', '4_tfjs');
    write(path.join(dir, 'logs', 'train.log'), 'hello\n');
    fs.symlinkSync(path.parse(workspace.root).root, path.join(dir, 'disk'));
    fs.symlinkSync(os.tmpdir(), path.join(dir, 'logs', 'tmp'));
    fs.symlinkSync('..', path.join(dir, 'logs', 'up'));
    fs.symlinkSync(path.join(dir, 'logs', 'train.log'), path.join(dir, 'copy.log'));
    try {
      assert.deepEqual(
        listArtifacts(dir).map((artifact) => artifact.relative),
        ['logs/train.log'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists nothing for a folder that is not there', () => {
    assert.deepEqual(listArtifacts(path.join(workspace.root, 'nowhere')), []);
  });
});

describe('readEvaluationView', () => {
  const metrics = {
    checkpoint: 'best.json',
    task: 'classification',
    classes: ['disc', 'ring'],
    metrics: { accuracy: 0.5, precision: 0.25 },
    perClass: [{ className: 'disc', metrics: { precision: 0.5 } }],
    images: 6,
    seconds: 0.02,
    backend: 'wasm',
  };
  const evaluation = (file: string) => path.join(newer, 'evaluation', file);

  it('is null before an evaluation, and for an unreadable experiment', () => {
    assert.equal(readEvaluationView(newer), null);
    assert.equal(readEvaluationView(broken), null);
  });

  it('is null when metrics.json is damaged', () => {
    write(evaluation('metrics.json'), '{"checkpoint": "best.json"');
    assert.equal(readEvaluationView(newer), null);
    write(evaluation('metrics.json'), JSON.stringify({ ...metrics, task: 'juggling' }));
    assert.equal(readEvaluationView(newer), null);
  });

  it('shows the metrics without the files that are missing or damaged', () => {
    write(evaluation('metrics.json'), JSON.stringify(metrics));
    write(evaluation('confusion_matrix.json'), '{"unit": "images", "labels": ');
    const view = readEvaluationView(newer);
    assert.deepEqual(view, { metrics, primaryMetric: 'accuracy' });
  });

  it('reads only the files the card shows, not the images and other files of the report', (context) => {
    write(evaluation('metrics.json'), JSON.stringify(metrics));
    const worst = {
      checkpoint: metrics.checkpoint,
      task: metrics.task,
      criterion: 'loss',
      items: [{ ref: 'a.png', note: 'wrong', score: 0.9, image: 'evaluation/worst/01.jpg' }],
    };
    write(evaluation('worst_predictions.json'), JSON.stringify(worst));
    write(evaluation(path.join('worst', '01.jpg')), '\xff\xd8\xff');
    const readFileSync = context.mock.method(fs, 'readFileSync');
    readEvaluationView(newer);
    const read = readFileSync.mock.calls.map((call) => String(call.arguments[0]));
    const evaluationFiles = read.filter((file) => file.startsWith(evaluation('')));
    assert.deepEqual(evaluationFiles.map((file) => path.relative(evaluation(''), file)).sort(), [
      'confusion_matrix.json',
      'metrics.json',
      'pr_curves.json',
    ]);
    fs.rmSync(evaluation('worst_predictions.json'));
    fs.rmSync(evaluation('worst'), { recursive: true });
  });

  it('adds the confusion matrix, the PR curves and the report when they are there', () => {
    const confusion = {
      unit: 'images',
      labels: ['disc', 'ring'],
      counts: [
        [2, 1],
        [0, 3],
      ],
    };
    const prCurves = {
      classes: [{ className: 'disc', recall: [0, 1], precision: [1, 0.5], score: [0.9, 0.1] }],
    };
    write(evaluation('confusion_matrix.json'), JSON.stringify(confusion));
    write(evaluation('pr_curves.json'), JSON.stringify(prCurves));
    write(evaluation('report.html'), '<html></html>');
    assert.deepEqual(readEvaluationView(newer), {
      metrics,
      primaryMetric: 'accuracy',
      confusion,
      prCurves,
      reportFile: evaluation('report.html'),
    });
  });
});

describe('readComparedRuns', () => {
  it('gives each run its epoch curves, with gaps where a row lacks a metric, and skips corrupt lines', () => {
    write(
      path.join(workspace.experiment, 'logs', 'metrics.jsonl'),
      [
        '{"epoch":1,"step":5,"time":"2026-01-01T00:00:00Z","train_loss":2,"val_accuracy":0.25}',
        '{"epoch":2,"step":10,"time":"2026-01-01T00:00:01Z","train_loss":1.5',
        'not json',
        '{"epoch":2,"step":10,"time":"2026-01-01T00:00:02Z","train_loss":1}',
        '{"step":15}',
        '',
      ].join('\n'),
    );
    const [run, second, ...rest] = readComparedRuns([workspace.experiment, newer, broken]);
    assert.equal(rest.length, 0);
    assert.deepEqual(run && [run.experiment.name, run.epochs, run.curves, run.metrics], [
      EXPERIMENT_NAME,
      [1, 2],
      { train_loss: [2, 1], val_accuracy: [0.25, null] },
      { precision: 0.25, accuracy: 0.5 },
    ]);
    assert.deepEqual(second && [second.experiment.name, second.epochs, second.curves], ['second', [], {}]);
  });
});
