import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  SpeedTestReport,
  StoredCalibration,
  StoredConfusionMatrix,
  StoredMetrics,
  StoredPrCurves,
  WorstPredictions,
} from '../../../core/schemas';
import type { ExperimentInfo } from '../../../core/schemas';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS, WORST_PREDICTIONS_FOLDER } from '../../experiments/layout';

// What the report shows, read from evaluation/: metrics.json, which it cannot do without, and the optional
// files beside it. A damaged optional file is left out with a warning, never a crash: the report shows what
// is there.

export interface GalleryEntry {
  readonly ref: string;
  readonly note: string;
  readonly score: number;
  /** The drawn image as a data: URI; undefined when its file is missing or not a JPEG. */
  readonly image?: string;
}

export interface ReportData {
  readonly experiment: {
    readonly name: string;
    readonly model?: string;
    readonly framework: string;
    /** Absolute: the folder the commands in the page's hints take. */
    readonly dir: string;
  };
  readonly metrics: StoredMetrics;
  readonly prCurves?: StoredPrCurves['classes'];
  readonly confusion?: StoredConfusionMatrix;
  readonly calibration?: StoredCalibration['bins'];
  readonly speedTest?: SpeedTestReport;
  readonly gallery?: { readonly criterion: string; readonly items: readonly GalleryEntry[] };
}

type Warn = (line: string) => void;

const relativeName = (file: string) => `${EXPERIMENT_FOLDERS.evaluation}/${file}`;

/**
 * One JSON file of evaluation/ (`folder`) under `schema`; undefined when it is absent, or damaged (with a
 * warning).
 */
export function readEvaluationFile<Schema extends z.ZodType>(
  folder: string,
  file: string,
  schema: Schema,
  warn: Warn,
): z.infer<Schema> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, file), 'utf8');
  } catch {
    return undefined;
  }
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const [issue] = parsed.error.issues;
    problem = issue
      ? `${issue.path.join('.') || 'the file'}: ${issue.message}`
      : 'it does not match its format';
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  warn(`${relativeName(file)} is damaged (${problem}); the report leaves it out.`);
  return undefined;
}

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

/** The drawn image as a data: URI, read only from evaluation/worst/, and only when it is a JPEG. */
function imageUri(experimentDir: string, image: string): string | undefined {
  const folder = path.resolve(experimentDir, EXPERIMENT_FOLDERS.evaluation, WORST_PREDICTIONS_FOLDER);
  const file = path.resolve(experimentDir, image);
  if (path.dirname(file) !== folder) return undefined;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (!bytes.subarray(0, JPEG_START.length).equals(JPEG_START)) return undefined;
  return `data:image/jpeg;base64,${bytes.toString('base64')}`;
}

function readGallery(
  experimentDir: string,
  folder: string,
  metrics: StoredMetrics,
  warn: Warn,
): ReportData['gallery'] {
  const worst = readEvaluationFile(folder, EVALUATION_FILES.worstPredictions, WorstPredictions, warn);
  if (worst === undefined) return undefined;
  if (worst.checkpoint !== metrics.checkpoint || worst.task !== metrics.task) {
    warn(
      `${relativeName(EVALUATION_FILES.worstPredictions)} is of ${worst.checkpoint}, not of the evaluation of ${metrics.checkpoint}; the report leaves it out.`,
    );
    return undefined;
  }
  const items = worst.items.map(({ ref, note, score, image }) => {
    const uri = imageUri(experimentDir, image);
    if (uri === undefined)
      warn(`The drawn image ${image} is missing or not a JPEG; the report shows its note only.`);
    return { ref, note, score, image: uri };
  });
  return { criterion: worst.criterion, items };
}

/**
 * The report's data, from the experiment folder and its experiment_info.json; undefined when there is no
 * readable evaluation/metrics.json (a damaged one is warned about).
 */
export function readReportData(
  experimentDir: string,
  info: ExperimentInfo,
  warn: Warn,
): ReportData | undefined {
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation);
  const metrics = readEvaluationFile(folder, EVALUATION_FILES.metrics, StoredMetrics, warn);
  if (metrics === undefined) return undefined;
  const prCurves = readEvaluationFile(folder, EVALUATION_FILES.prCurves, StoredPrCurves, warn);
  const confusion = readEvaluationFile(folder, EVALUATION_FILES.confusionMatrix, StoredConfusionMatrix, warn);
  const calibration = readEvaluationFile(folder, EVALUATION_FILES.calibration, StoredCalibration, warn);
  const speedTest = readEvaluationFile(folder, EVALUATION_FILES.speedTest, SpeedTestReport, warn);
  const gallery = readGallery(experimentDir, folder, metrics, warn);
  return {
    experiment: {
      name: info.experiment_name,
      model: info.model_name,
      framework: info.framework_name,
      dir: experimentDir,
    },
    metrics,
    prCurves: prCurves?.classes,
    confusion,
    calibration: calibration?.bins,
    speedTest,
    gallery,
  };
}
