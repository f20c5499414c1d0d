import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ExperimentInfo } from '../../../../src/core/schemas';
import {
  compareExperiments,
  ExperimentFolderError,
  formatComparison,
  writeExperimentInfo,
} from '../../../../src/trainapp/experiments';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-compare-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
let runs = 0;

/** A real experiment folder holding the given info over a completed classification run's. */
function experiment(fields: Record<string, unknown> = {}, folderName?: string): string {
  runs += 1;
  const dir = path.join(root, 'experiments', 'shapes', folderName ?? `${String(runs)}_tfjs`);
  writeExperimentInfo(
    dir,
    ExperimentInfo.parse({
      experiment_name: `${String(runs)}_tfjs`,
      framework_name: 'tfjs',
      model_name: 'Classifier-S',
      task_type: 'classification',
      project: 'shapes',
      status: 'completed',
      epochs: 3,
      checkpoints: ['checkpoints/best.json'],
      best_checkpoint: 'best.json',
      ...fields,
    }),
  );
  return dir;
}

function problemOf(folders: readonly string[]): ExperimentFolderError {
  try {
    compareExperiments(folders);
  } catch (error) {
    if (error instanceof ExperimentFolderError) return error;
    throw error;
  }
  return assert.fail('no error');
}

describe('compareExperiments', () => {
  it('reads each folder, in the order given, with its evaluation metrics', () => {
    const a = experiment({ experiment_name: 'small lr', evaluation_metrics: { accuracy: 0.5, f1: 0.4 } });
    const b = experiment({
      model_name: 'Classifier-M',
      project: '../../../data/shapes',
      epochs: 5,
      evaluation_metrics: { accuracy: 0.75 },
    });
    const table = compareExperiments([b, a]);
    assert.deepEqual(
      table.experiments.map(({ folder, name, model, epochs, metrics }) => ({
        folder,
        name,
        model,
        epochs,
        metrics,
      })),
      [
        { folder: b, name: path.basename(b), model: 'Classifier-M', epochs: 5, metrics: { accuracy: 0.75 } },
        {
          folder: a,
          name: 'small lr',
          model: 'Classifier-S',
          epochs: 3,
          metrics: { accuracy: 0.5, f1: 0.4 },
        },
      ],
    );
    const [first] = table.experiments;
    assert.ok(first);
    assert.equal(first.project, 'shapes', 'the name of the dataset folder the info refers to');
    assert.equal(first.task, 'classification');
    assert.equal(first.status, 'completed');
    assert.equal(first.bestCheckpoint, 'best.json');
  });

  it("puts the task's key metric first, then the others in the order the evaluation wrote them", () => {
    const classification = experiment({ evaluation_metrics: { f1: 0.5, precision: 0.6, accuracy: 0.7 } });
    const detection = experiment({
      task_type: 'object detection',
      model_name: 'CenterNet-S',
      evaluation_metrics: { mAP: 0.3, mAP50: 0.5, AP75: 0.2, f1: 0.4 },
    });
    assert.deepEqual(compareExperiments([classification, detection]).metrics, [
      'accuracy',
      'mAP50',
      'f1',
      'precision',
      'mAP',
      'AP75',
    ]);
  });

  it('marks the highest value best, and the lowest for losses and errors; ties go to the first', () => {
    const a = experiment({
      evaluation_metrics: { accuracy: 0.8, expected_calibration_error: 0.2, val_loss: 0.9 },
    });
    const b = experiment({
      evaluation_metrics: { accuracy: 0.9, expected_calibration_error: 0.1, val_loss: 1.2 },
    });
    const c = experiment({
      evaluation_metrics: { accuracy: 0.9, expected_calibration_error: 0.3, val_loss: 0.9 },
    });
    assert.deepEqual(compareExperiments([a, b, c]).best, {
      accuracy: b,
      expected_calibration_error: b,
      val_loss: a,
    });
  });

  it('ranks no threshold: f1_optimal_conf is a setting the evaluation chose, not a score', () => {
    const a = experiment({
      task_type: 'object detection',
      evaluation_metrics: { mAP50: 0.4, f1_optimal_conf: 0.3 },
    });
    const b = experiment({
      task_type: 'object detection',
      evaluation_metrics: { mAP50: 0.5, f1_optimal_conf: 0.6 },
    });
    const table = compareExperiments([a, b]);
    assert.deepEqual(table.metrics, ['mAP50', 'f1_optimal_conf']);
    assert.deepEqual(table.best, { mAP50: b });
  });

  it('includes experiments without metrics (failed, stopped early, benchmark off)', () => {
    const failed = experiment({
      status: 'failed',
      model_name: undefined,
      task_type: undefined,
      epochs: undefined,
      checkpoints: [],
      best_checkpoint: null,
      error: { message: 'The class triangle is empty.' },
    });
    const completed = experiment({ evaluation_metrics: { accuracy: 0.6 } });
    const table = compareExperiments([failed, completed]);
    assert.equal(table.experiments.length, 2);
    assert.equal(table.experiments[0]?.status, 'failed');
    assert.deepEqual(table.experiments[0].metrics, {});
    assert.deepEqual(table.metrics, ['accuracy']);
    assert.deepEqual(table.best, { accuracy: completed });
  });

  it('resolves relative folders against the working directory', () => {
    const dir = experiment();
    const table = compareExperiments([path.relative(process.cwd(), dir)]);
    assert.equal(table.experiments[0]?.folder, dir);
  });

  it('names a folder that does not exist', () => {
    const missing = path.join(root, 'experiments', 'shapes', '99_tfjs');
    const problem = problemOf([experiment(), missing]);
    assert.equal(problem.message, `There is no experiment folder ${missing}.`);
    assert.equal(problem.file, path.join(missing, 'experiment_info.json'));
  });

  it('names a folder that is not an experiment, and a broken experiment_info.json with its position', () => {
    const project = path.join(root, 'experiments', 'shapes');
    assert.equal(
      problemOf([project]).message,
      `${path.join(project, 'experiment_info.json')} does not exist.`,
    );
    const broken = experiment();
    fs.writeFileSync(path.join(broken, 'experiment_info.json'), '{"experiment_name": "x",\n');
    assert.match(problemOf([broken]).message, /experiment_info\.json:2:1: not valid JSON/);
  });
});

describe('formatComparison', () => {
  it('writes an aligned Markdown table, an experiment per column, the best value of each metric in bold', () => {
    const a = experiment(
      {
        experiment_name: 'lr 0.003',
        evaluation_metrics: { accuracy: 0.8125, expected_calibration_error: 0.05 },
      },
      '101_tfjs',
    );
    const b = experiment(
      {
        experiment_name: 'lr 0.01',
        model_name: 'Classifier-M',
        epochs: 10,
        evaluation_metrics: { accuracy: 0.9, expected_calibration_error: 0.125 },
      },
      '102_tfjs',
    );
    const failed = experiment(
      { experiment_name: 'oom', status: 'failed', epochs: 0, checkpoints: [], best_checkpoint: null },
      '103_tfjs',
    );
    assert.equal(
      formatComparison(compareExperiments([a, b, failed])),
      [
        '| experiment                 |     lr 0.003 |      lr 0.01 |          oom |',
        '| -------------------------- | -----------: | -----------: | -----------: |',
        '| project                    |       shapes |       shapes |       shapes |',
        '| model                      | Classifier-S | Classifier-M | Classifier-S |',
        '| status                     |    completed |    completed |       failed |',
        '| epochs                     |            3 |           10 |            0 |',
        '| best checkpoint            |    best.json |    best.json |            - |',
        '| folder                     |     101_tfjs |     102_tfjs |     103_tfjs |',
        '| accuracy                   |       0.8125 |   **0.9000** |            - |',
        '| expected_calibration_error |   **0.0500** |       0.1250 |            - |',
        '',
        'Bold: the best value of each metric (the lowest value for losses and errors, the highest for other metrics; thresholds are not ranked).',
      ].join('\n'),
    );
  });

  it('bolds every experiment tied with the best, escapes pipes, and leaves out the legend when nothing is ranked', () => {
    const a = experiment({ model_name: 'a|b', evaluation_metrics: { accuracy: 0.5 } });
    const b = experiment({ evaluation_metrics: { accuracy: 0.5 } });
    const text = formatComparison(compareExperiments([a, b]));
    assert.match(text, /^\| accuracy +\| +\*\*0\.5000\*\* \| +\*\*0\.5000\*\* \|$/m);
    assert.match(text, /\| +a\\\|b \|/);
    assert.doesNotMatch(formatComparison(compareExperiments([experiment()])), /Bold/);
  });
});
