import fs from 'node:fs';
import path from 'node:path';
import { TASK_TYPES } from '../../core/names';
import { StoredMetrics } from '../../core/schemas';
import type { StoredCalibration, StoredConfusionMatrix, StoredPrCurves } from '../../core/schemas';
import { writeFileAtomic } from '../../data/atomicWrite';
import { finiteScores, finiteValues } from '../../engine/train';
import { BACKGROUND_NAME } from '../../metrics';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS, WORST_PREDICTIONS_FOLDER } from '../experiments/layout';
import type { CheckpointEvaluation } from './evaluateCheckpoint';
import type { StagedGallery } from './worstGallery';

// The evaluation/ folder of an experiment: what the last evaluation measured, one JSON file per view of it,
// and the gallery of its worst predictions. metrics.json is written last, so it is never newer than the
// files it sits beside.

type EvaluationFile = (typeof EVALUATION_FILES)[keyof typeof EVALUATION_FILES];

/** An indented array of numbers only; a raw newline cannot occur inside a JSON string, so no string matches. */
const NUMBER_ARRAY = /\[\n\s*(-?[\d.eE+-]+(?:,\n\s*-?[\d.eE+-]+)*)\n\s*\]/g;

/**
 * Indented JSON like writeJsonAtomic's, but with each array of numbers on one line: a confusion-matrix row
 * or a precision-recall curve stays one line instead of one per value.
 */
function writeEvaluationJson(file: string, value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    NUMBER_ARRAY,
    (_, values: string) => `[${values.split(/,\n\s*/).join(', ')}]`,
  );
  writeFileAtomic(file, `${text}\n`);
}

function metricsContents(result: CheckpointEvaluation): StoredMetrics {
  const { evaluation } = result;
  return {
    checkpoint: result.checkpoint,
    task: result.task,
    classes: result.classes,
    metrics: finiteScores(evaluation),
    perClass: evaluation.perClass.map(({ className, metrics }) => ({
      className,
      metrics: finiteValues(metrics),
    })),
    images: result.images,
    seconds: Math.round(result.seconds * 1000) / 1000,
    backend: result.backend,
    time: new Date().toISOString(),
  };
}

function confusionMatrixContents(result: CheckpointEvaluation): StoredConfusionMatrix | undefined {
  const counts = result.evaluation.confusionMatrix;
  if (counts === undefined || counts.length === 0) return undefined;
  const segmentation = result.task === TASK_TYPES.semanticSegmentation;
  return {
    unit: segmentation ? 'pixels' : 'images',
    labels: segmentation ? [BACKGROUND_NAME, ...result.classes] : result.classes,
    counts,
  };
}

function prCurvesContents(result: CheckpointEvaluation): StoredPrCurves | undefined {
  const curves = result.evaluation.prCurves;
  if (curves === undefined || curves.length === 0) return undefined;
  return { classes: curves };
}

function calibrationContents(result: CheckpointEvaluation): StoredCalibration | undefined {
  const bins = result.evaluation.calibration;
  if (bins === undefined || bins.length === 0) return undefined;
  return { bins };
}

/**
 * Puts the staged gallery in place of the old one, or removes the old one. The old list goes first: a crash
 * midway leaves no list rather than one beside the wrong images.
 */
function replaceGallery(folder: string, gallery: StagedGallery | undefined): boolean {
  const list = path.join(folder, EVALUATION_FILES.worstPredictions);
  const images = path.join(folder, WORST_PREDICTIONS_FOLDER);
  fs.rmSync(list, { force: true });
  fs.rmSync(images, { recursive: true, force: true });
  if (gallery === undefined) return false;
  fs.renameSync(gallery.folder, images);
  writeEvaluationJson(list, gallery.contents);
  return true;
}

/**
 * Writes <experimentDir>/evaluation/: metrics.json always; pr_curves.json, confusion_matrix.json
 * (counts[truth][predicted] over `labels`) and calibration.json when the task produced them; worst/ and
 * worst_predictions.json when a gallery was drawn. Files of an earlier evaluation that this one has no
 * counterpart for are removed, report.html with them (it is written from these files afterwards), so the
 * folder never mixes two evaluations. Returns the files written, relative to experimentDir with '/'
 * separators.
 */
export function writeEvaluationFolder(
  experimentDir: string,
  result: CheckpointEvaluation,
  gallery?: StagedGallery,
): { files: string[] } {
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation);
  fs.rmSync(path.join(folder, EVALUATION_FILES.report), { force: true });
  const details: readonly (readonly [EvaluationFile, unknown])[] = [
    [EVALUATION_FILES.prCurves, prCurvesContents(result)],
    [EVALUATION_FILES.confusionMatrix, confusionMatrixContents(result)],
    [EVALUATION_FILES.calibration, calibrationContents(result)],
  ];
  const written: EvaluationFile[] = [];
  for (const [file, contents] of details) {
    const target = path.join(folder, file);
    if (contents === undefined) {
      fs.rmSync(target, { force: true });
      continue;
    }
    writeEvaluationJson(target, contents);
    written.push(file);
  }
  if (replaceGallery(folder, gallery)) written.push(EVALUATION_FILES.worstPredictions);
  writeEvaluationJson(path.join(folder, EVALUATION_FILES.metrics), metricsContents(result));
  return {
    files: [EVALUATION_FILES.metrics, ...written].map((file) => `${EXPERIMENT_FOLDERS.evaluation}/${file}`),
  };
}

/**
 * The last evaluation's headline results, read back from evaluation/metrics.json (per-image details are not
 * kept); undefined when the folder has none or the file is not ours.
 */
export function readEvaluationFolder(experimentDir: string): CheckpointEvaluation | undefined {
  const file = path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation, EVALUATION_FILES.metrics);
  let parsed;
  try {
    parsed = StoredMetrics.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const { checkpoint, task, classes, metrics, perClass, images, seconds, backend } = parsed.data;
  const { loss = Number.NaN, ...scores } = metrics;
  return {
    checkpoint,
    task,
    classes,
    evaluation: { task, metrics: scores, perClass, loss },
    backend,
    seconds,
    images,
  };
}
