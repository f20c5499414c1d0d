import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { TASK_TYPES } from '../../src/core/names';
import type { TaskType } from '../../src/core/names';
import type { DatasetItem } from '../../src/data/model';
import { readDataset } from '../../src/data/readers';
import { readCheckpoint } from '../../src/engine/checkpoint';
import { BACKGROUND_NAME, PRIMARY_METRIC } from '../../src/metrics';
import {
  evaluateCheckpoint,
  readEvaluationFolder,
  summarizeEvaluation,
  writeEvaluationFolder,
} from '../../src/trainapp/evaluation';
import type { CheckpointEvaluation } from '../../src/trainapp/evaluation';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS } from '../../src/trainapp/experiments/layout';
import { RunError } from '../../src/trainapp/runError';
import { generateFixtures } from '../fixtures/generate';
import {
  classificationJob,
  hyperparameters,
  recordTraining,
  TEST_BACKENDS,
  temporaryFolder,
  trainShapesTask,
  useShapesFolder,
} from './support';

// The model benchmark on checkpoints of real (one-epoch) trainings: the scores agree with the run's own
// validation of the same checkpoint, nothing is leaked, and evaluation/ holds exactly one evaluation.

const evaluationFile = (experimentDir: string, file: string) =>
  path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation, file);

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function sumOf(matrix: readonly (readonly number[])[]): number {
  return matrix.flat().reduce((sum, count) => sum + count, 0);
}

/** Evaluates with the test backends, checking that the evaluation leaves no tensor behind. */
async function evaluateWithoutLeaks(
  sidecarPath: string,
  items: readonly DatasetItem[],
): Promise<CheckpointEvaluation> {
  const tensorsBefore = tf.memory().numTensors;
  const result = await evaluateCheckpoint({ sidecarPath, items, backends: TEST_BACKENDS });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors left after the evaluation');
  return result;
}

/** The run's validation of that checkpoint, as its sidecar recorded it: what the evaluation must reproduce. */
function assertMatchesValidation(result: CheckpointEvaluation, sidecarPath: string): void {
  const recorded = readCheckpoint(sidecarPath).sidecar.metrics ?? {};
  const primary = PRIMARY_METRIC[result.task];
  const validated = recorded[`val_${primary}`];
  assert.ok(validated !== undefined, `the checkpoint records no val_${primary}`);
  assert.ok(Math.abs((result.evaluation.metrics[primary] ?? Number.NaN) - validated) < 1e-9);
  assert.ok(Math.abs(result.evaluation.loss - (recorded.val_loss ?? Number.NaN)) < 1e-5);
}

async function assertRunError(
  promise: Promise<unknown>,
  expected: { readonly message: RegExp; readonly file: string },
): Promise<void> {
  const tensorsBefore = tf.memory().numTensors;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RunError, `not a RunError: ${String(error)}`);
    assert.match(error.message, expected.message);
    assert.equal(error.problem.file, expected.file);
    assert.ok(error.problem.hint.length > 0);
    return true;
  });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors left after the failure');
}

describe('reading an evaluation folder back', () => {
  const folder = temporaryFolder('evaluation-folder');
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });
  const stored: CheckpointEvaluation = {
    checkpoint: 'best.json',
    task: TASK_TYPES.classification,
    classes: ['a', 'b'],
    evaluation: {
      task: TASK_TYPES.classification,
      metrics: { accuracy: 0.5 },
      perClass: [{ className: 'a', metrics: { f1: 0.5 } }],
      loss: 0.25,
    },
    backend: 'wasm',
    seconds: 1.5,
    images: 4,
  };

  it('gives back the headline results it wrote', () => {
    const experimentDir = path.join(folder, 'ours');
    writeEvaluationFolder(experimentDir, stored);
    assert.deepEqual(readEvaluationFolder(experimentDir), stored);
  });

  it('gives undefined without a metrics.json, or for one that is not ours', () => {
    assert.equal(readEvaluationFolder(path.join(folder, 'none')), undefined);
    const experimentDir = path.join(folder, 'foreign');
    fs.mkdirSync(path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation), { recursive: true });
    fs.writeFileSync(evaluationFile(experimentDir, EVALUATION_FILES.metrics), '{}');
    assert.equal(readEvaluationFolder(experimentDir), undefined);
    fs.writeFileSync(evaluationFile(experimentDir, EVALUATION_FILES.metrics), '{ not json');
    assert.equal(readEvaluationFolder(experimentDir), undefined);
  });
});

describe('evaluating a classification checkpoint', () => {
  const shapes = useShapesFolder('evaluation');
  let experimentDir: string;
  let bestPath: string;
  let result: CheckpointEvaluation;

  before(async () => {
    experimentDir = shapes.newOutputDir();
    const job = classificationJob(shapes.dataset, experimentDir, {
      hyperparameters: hyperparameters({ epochs: 2 }),
    });
    const { result: training } = await recordTraining(job);
    bestPath = path.join(experimentDir, training.bestCheckpoint ?? 'no best checkpoint');
    result = await evaluateWithoutLeaks(bestPath, shapes.dataset.val);
  });

  it('scores the checkpoint on the val images as the run validated it, keeping no per-image arrays', () => {
    const { val, classes } = shapes.dataset;
    assert.equal(result.checkpoint, 'best.json');
    assert.equal(result.task, TASK_TYPES.classification);
    assert.deepEqual(result.classes, classes);
    assert.equal(result.backend, 'wasm');
    assert.equal(result.images, val.length);
    assert.ok(result.seconds > 0);
    assertMatchesValidation(result, bestPath);
    assert.ok(!('predictions' in result.evaluation) && !('truths' in result.evaluation));
  });

  it('writes metrics.json and a confusion matrix that counts every image once', () => {
    const { files } = writeEvaluationFolder(experimentDir, result);
    assert.deepEqual(files, [
      'evaluation/metrics.json',
      'evaluation/confusion_matrix.json',
      'evaluation/calibration.json',
    ]);
    const metrics = readJson(evaluationFile(experimentDir, EVALUATION_FILES.metrics));
    assert.deepEqual(Object.keys(metrics), [
      'checkpoint',
      'task',
      'classes',
      'metrics',
      'perClass',
      'images',
      'seconds',
      'backend',
      'time',
    ]);
    assert.deepEqual(metrics.metrics, { ...result.evaluation.metrics, loss: result.evaluation.loss });
    assert.deepEqual(metrics.perClass, result.evaluation.perClass);
    assert.equal(metrics.images, shapes.dataset.val.length);
    assert.ok(!Number.isNaN(Date.parse(String(metrics.time))));
    const confusionPath = evaluationFile(experimentDir, EVALUATION_FILES.confusionMatrix);
    const confusion = readJson(confusionPath) as { unit: string; labels: string[]; counts: number[][] };
    assert.equal(confusion.unit, 'images');
    assert.deepEqual(confusion.labels, shapes.dataset.classes);
    // One line per row, however many classes.
    const text = fs.readFileSync(confusionPath, 'utf8');
    for (const row of confusion.counts) assert.ok(text.includes(`\n    [${row.join(', ')}]`), text);
    assert.equal(confusion.counts.length, shapes.dataset.classes.length);
    assert.equal(sumOf(confusion.counts), shapes.dataset.val.length);
    assert.ok(!fs.existsSync(evaluationFile(experimentDir, EVALUATION_FILES.prCurves)));
  });

  it('summarises accuracy first, then a per-class precision, recall and F1 table', () => {
    const lines = summarizeEvaluation(result);
    assert.match(lines[0] ?? '', /^accuracy +\d\.\d{4}$/);
    assert.ok(!lines.some((line) => /^(mAP|mIoU)\b/.test(line)));
    const header = lines.findIndex((line) => line.startsWith('class '));
    assert.match(lines[header] ?? '', /^class +precision +recall +f1 +support$/);
    const rows = lines.slice(header + 1, header + 1 + shapes.dataset.classes.length);
    assert.deepEqual(
      rows.map((row) => row.split(/ +/)[0]),
      shapes.dataset.classes,
    );
    // Aligned: every row of the table is as wide as its header.
    for (const row of rows) assert.equal(row.length, lines[header]?.length);
    assert.match(lines.at(-1) ?? '', /^Evaluated best\.json on 4 images in \d+\.\d{2} s \(wasm\)\.$/);
  });

  it('refuses a missing checkpoint, naming it', async () => {
    const missing = path.join(experimentDir, 'checkpoints', 'epoch_9.json');
    await assertRunError(
      evaluateCheckpoint({ sidecarPath: missing, items: shapes.dataset.val, backends: TEST_BACKENDS }),
      {
        message: new RegExp(`${missing.replace(/[.\\]/g, '\\$&')}.*does not exist`),
        file: missing,
      },
    );
  });

  it('refuses a checkpoint whose tensor file was damaged, naming both files', async () => {
    const copy = path.join(shapes.path, 'damaged');
    fs.cpSync(path.join(experimentDir, 'checkpoints'), copy, { recursive: true });
    const sidecarPath = path.join(copy, 'best.json');
    const tensorFile = path.join(copy, readCheckpoint(sidecarPath).sidecar.tensorFile.file);
    const bytes = fs.readFileSync(tensorFile);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    fs.writeFileSync(tensorFile, bytes);
    await assertRunError(
      evaluateCheckpoint({ sidecarPath, items: shapes.dataset.val, backends: TEST_BACKENDS }),
      {
        message: new RegExp(`best\\.json: its tensor file ${path.basename(tensorFile)} does not match`),
        file: sidecarPath,
      },
    );
  });

  it('refuses to evaluate on no images', async () => {
    await assertRunError(evaluateCheckpoint({ sidecarPath: bestPath, items: [], backends: TEST_BACKENDS }), {
      message: /no images to evaluate the checkpoint best\.json/,
      file: bestPath,
    });
  });

  it('names an image that cannot be decoded', async () => {
    const [first, ...rest] = shapes.dataset.val;
    assert.ok(first);
    const broken = path.join(shapes.path, 'broken.png');
    fs.writeFileSync(broken, 'not a png');
    await assertRunError(
      evaluateCheckpoint({
        sidecarPath: bestPath,
        items: [...rest, { ...first, imagePath: broken }],
        backends: TEST_BACKENDS,
      }),
      { message: /broken\.png/, file: broken },
    );
  });
});

describe('evaluating detection and segmentation checkpoints', () => {
  let folder: string;
  let items: readonly DatasetItem[];
  const results = new Map<TaskType, CheckpointEvaluation>();
  const cases = [
    { task: TASK_TYPES.objectDetection, arch: 'det-centernet-s' },
    { task: TASK_TYPES.semanticSegmentation, arch: 'seg-unet-s' },
  ] as const;

  before(async () => {
    folder = temporaryFolder('evaluation-tasks');
    generateFixtures({ seed: 3, outDir: path.join(folder, 'fixtures'), imagesPerDataset: 6, size: 64 });
    items = readDataset(path.join(folder, 'fixtures/supervisely')).items;
    for (const { task, arch } of cases) {
      const outputDir = path.join(folder, arch);
      const { result } = await trainShapesTask(task, arch, items, outputDir, 1);
      const bestPath = path.join(outputDir, result.bestCheckpoint ?? 'no best checkpoint');
      const evaluation = await evaluateWithoutLeaks(bestPath, items.slice(12));
      assertMatchesValidation(evaluation, bestPath);
      results.set(task, evaluation);
    }
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const resultOf = (task: TaskType) => {
    const result = results.get(task);
    assert.ok(result, `no ${task} evaluation`);
    return result;
  };

  it('detection: metrics.json, pr_curves.json per class, no confusion matrix; mAP50 printed first', () => {
    const result = resultOf(TASK_TYPES.objectDetection);
    const experimentDir = path.join(folder, 'det-centernet-s');
    const { files } = writeEvaluationFolder(experimentDir, result);
    const curves = result.evaluation.prCurves ?? [];
    assert.deepEqual(files, [
      'evaluation/metrics.json',
      'evaluation/pr_curves.json',
      'evaluation/calibration.json',
    ]);
    const metrics = readJson(evaluationFile(experimentDir, EVALUATION_FILES.metrics));
    assert.equal(metrics.task, TASK_TYPES.objectDetection);
    for (const name of ['mAP', 'mAP50', 'AP75', 'loss']) assert.ok(name in (metrics.metrics as object), name);
    assert.equal(curves.length, result.classes.length);
    const written = readJson(evaluationFile(experimentDir, EVALUATION_FILES.prCurves));
    assert.deepEqual(written, { classes: curves });
    assert.ok(!fs.existsSync(evaluationFile(experimentDir, EVALUATION_FILES.confusionMatrix)));
    const lines = summarizeEvaluation(result);
    assert.match(lines[0] ?? '', /^mAP50 +\d\.\d{4}$/);
    assert.deepEqual(
      lines.slice(1, 4).map((line) => line.split(/ +/)[0]),
      ['mAP', 'AP50', 'AP75'],
    );
  });

  it('segmentation: a pixel confusion matrix with the background first, mIoU printed first', () => {
    const result = resultOf(TASK_TYPES.semanticSegmentation);
    const experimentDir = path.join(folder, 'seg-unet-s');
    const { files } = writeEvaluationFolder(experimentDir, result);
    assert.deepEqual(files, ['evaluation/metrics.json', 'evaluation/confusion_matrix.json']);
    const confusion = readJson(evaluationFile(experimentDir, EVALUATION_FILES.confusionMatrix)) as {
      unit: string;
      labels: string[];
      counts: number[][];
    };
    assert.equal(confusion.unit, 'pixels');
    assert.deepEqual(confusion.labels, [BACKGROUND_NAME, 'square', 'triangle']);
    assert.equal(confusion.counts.length, 3);
    // Every scored pixel of every val image, each counted once (the fixtures mark no pixel as ignored).
    const pixels = items.slice(12).reduce((sum, item) => sum + item.width * item.height, 0);
    assert.equal(sumOf(confusion.counts), pixels);
    const lines = summarizeEvaluation(result);
    assert.match(lines[0] ?? '', /^mIoU +\d\.\d{4}$/);
    assert.match(lines[1] ?? '', /^pixel_accuracy +\d\.\d{4}$/);
    const header = lines.findIndex((line) => line.startsWith('class '));
    assert.match(lines[header] ?? '', /^class +IoU$/);
    assert.equal(lines[header + 1]?.split(/ +/)[0], BACKGROUND_NAME);
  });

  it('a segmentation evaluation replaces a detection one whole: no pr_curves.json or calibration.json stays', () => {
    const experimentDir = path.join(folder, 'reevaluated');
    const detection = resultOf(TASK_TYPES.objectDetection);
    // Whatever the detection metrics produce, the folder holds every detail file before the re-evaluation.
    writeEvaluationFolder(experimentDir, {
      ...detection,
      evaluation: {
        ...detection.evaluation,
        prCurves: [{ className: 'square', recall: [0.5, 1], precision: [1, 0.5], score: [0.9, 0.2] }],
        calibration: [{ lower: 0, upper: 1, count: 3, meanConfidence: 0.6, accuracy: 0.5 }],
      },
    });
    assert.deepEqual(readJson(evaluationFile(experimentDir, EVALUATION_FILES.calibration)), {
      bins: [{ lower: 0, upper: 1, count: 3, meanConfidence: 0.6, accuracy: 0.5 }],
    });
    const { files } = writeEvaluationFolder(experimentDir, resultOf(TASK_TYPES.semanticSegmentation));
    assert.deepEqual(fs.readdirSync(path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation)).sort(), [
      EVALUATION_FILES.confusionMatrix,
      EVALUATION_FILES.metrics,
    ]);
    assert.deepEqual(files, ['evaluation/metrics.json', 'evaluation/confusion_matrix.json']);
    assert.equal(
      readJson(evaluationFile(experimentDir, EVALUATION_FILES.metrics)).task,
      TASK_TYPES.semanticSegmentation,
    );
  });
});
