import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type {
  ArtifactFile,
  ArtifactKind,
  ComparedRun,
  EvaluationView,
  ExperimentSummary,
} from '../../../../core/panel';
import { StoredConfusionMatrix, StoredMetrics, StoredPrCurves } from '../../../../core/schemas';
import type { ExperimentInfo } from '../../../../core/schemas';
import { primaryMetricOf } from '../../../../metrics/primaryMetric';
import { readEvaluationFile } from '../../../../trainapp/evaluation/report/reportData';
import {
  ExperimentFolderError,
  keyMetricOf,
  listExperiments,
  readExperimentInfo,
} from '../../../../trainapp/experiments';
import type { ExperimentEntry } from '../../../../trainapp/experiments';
import {
  EVALUATION_FILES,
  EXPERIMENT_FILES,
  EXPERIMENT_FOLDERS,
  experimentPath,
  LOG_FILES,
} from '../../../../trainapp/experiments/layout';

// The Artifacts, Evaluation and Compare cards' facts, read from experiment folders.

/** Every experiment folder under the roots; a root that cannot be listed is left out, not fatal. */
export function experimentsIn(experimentsRoots: readonly string[]): ExperimentEntry[] {
  return experimentsRoots.flatMap((root) => {
    try {
      return listExperiments(root);
    } catch (error) {
      if (error instanceof ExperimentFolderError) return [];
      throw error;
    }
  });
}

function summaryOf(dir: string, info: ExperimentInfo): ExperimentSummary {
  const keyMetric = keyMetricOf(info);
  return {
    dir: path.resolve(dir),
    name: info.experiment_name,
    status: info.status,
    // experiment_info records the dataset relative to the experiment folder.
    project: path.resolve(dir, info.project),
    ...(info.model_name === undefined ? {} : { model: info.model_name }),
    ...(info.task_type === undefined ? {} : { taskType: info.task_type }),
    ...(info.datetime === undefined ? {} : { datetime: info.datetime }),
    ...(keyMetric === undefined ? {} : { keyMetric: { name: keyMetric.name, value: keyMetric.value } }),
    ...(info.source_app_state === undefined
      ? {}
      : { sourceAppState: path.resolve(dir, info.source_app_state) }),
  };
}

function readInfo(dir: string): ExperimentInfo | undefined {
  try {
    return readExperimentInfo(dir);
  } catch (error) {
    if (error instanceof ExperimentFolderError) return undefined;
    throw error;
  }
}

/** Later start first; runs without a start time by their run id, after those with one. */
function newestFirst(a: ExperimentEntry, b: ExperimentEntry): number {
  const timeOf = (entry: ExperimentEntry) => Date.parse(entry.info?.datetime ?? '') || 0;
  return timeOf(b) - timeOf(a) || (b.runId ?? 0) - (a.runId ?? 0) || a.dir.localeCompare(b.dir);
}

/** Every readable experiment under the experiments folders, newest first. */
export function listExperimentSummaries(experimentsRoots: readonly string[]): ExperimentSummary[] {
  return experimentsIn(experimentsRoots)
    .sort(newestFirst)
    .flatMap((entry) => (entry.info === undefined ? [] : [summaryOf(entry.dir, entry.info)]));
}

/** One experiment folder; undefined when its experiment_info.json is missing or unreadable. */
export function summarizeExperiment(dir: string): ExperimentSummary | undefined {
  const info = readInfo(dir);
  return info === undefined ? undefined : summaryOf(dir, info);
}

const KIND_BY_FOLDER: Readonly<Record<string, ArtifactKind>> = {
  [EXPERIMENT_FOLDERS.checkpoints]: 'checkpoint',
  [EXPERIMENT_FOLDERS.export]: 'export',
  [EXPERIMENT_FOLDERS.evaluation]: 'evaluation',
  [EXPERIMENT_FOLDERS.logs]: 'log',
};
const CONFIG_FILES: ReadonlySet<string> = new Set([
  EXPERIMENT_FILES.appState,
  EXPERIMENT_FILES.hyperparameters,
  EXPERIMENT_FILES.modelMeta,
  EXPERIMENT_FILES.split,
  EXPERIMENT_FILES.info,
]);
const KIND_ORDER: readonly ArtifactKind[] = ['checkpoint', 'export', 'evaluation', 'log', 'config', 'other'];

function kindOf(relative: string): ArtifactKind {
  const [top = '', ...rest] = relative.split('/');
  if (rest.length === 0) return CONFIG_FILES.has(top) ? 'config' : 'other';
  return KIND_BY_FOLDER[top] ?? 'other';
}

/**
 * Files under `dir`, relative with `/`, without dot entries (.work, .lock, hidden files) and without
 * symbolic links: the trainer writes none, and a link could lead anywhere (`x -> /` would list the disk and
 * send it to the page, `x -> ..` would recurse until the stack overflows, on every refresh), so a link is
 * not an artifact of the run, whether it points to a file or a folder.
 */
function filesUnder(dir: string, prefix = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  // A Dirent of a link is neither a file nor a folder: links are left out here.
  const shown = entries.filter((entry) => !entry.name.startsWith('.'));
  return [
    ...shown.filter((entry) => entry.isFile()).map((entry) => `${prefix}${entry.name}`),
    ...shown
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)),
  ];
}

const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** The experiment's files (hidden and scratch folders left out), checkpoints first. */
export function listArtifacts(experimentDir: string): ArtifactFile[] {
  const root = path.resolve(experimentDir);
  return filesUnder(root)
    .flatMap((relative) => {
      const file = path.join(root, ...relative.split('/'));
      try {
        return [{ path: file, relative, kind: kindOf(relative), bytes: fs.statSync(file).size }];
      } catch {
        // Removed while listing: a run tidies its folder as it finalises.
        return [];
      }
    })
    .sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || naturalOrder(a.relative, b.relative),
    );
}

/** evaluation/'s metrics, PR curves and confusion matrix; null when the experiment has not been evaluated. */
export function readEvaluationView(experimentDir: string): EvaluationView | null {
  if (readInfo(experimentDir) === undefined) return null;
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation);
  // Only the files the card shows: this runs on every refresh of a followed run, and the report's other
  // files (the worst predictions' images above all) are large. A damaged file is left out, as the report
  // leaves it out; the panel has nowhere to warn.
  const read = <Schema extends z.ZodType>(file: string, schema: Schema) =>
    readEvaluationFile(folder, file, schema, () => undefined);
  const metrics = read(EVALUATION_FILES.metrics, StoredMetrics);
  if (metrics === undefined) return null;
  const prCurves = read(EVALUATION_FILES.prCurves, StoredPrCurves);
  const confusion = read(EVALUATION_FILES.confusionMatrix, StoredConfusionMatrix);
  const report = path.join(folder, EVALUATION_FILES.report);
  return {
    metrics,
    primaryMetric: primaryMetricOf(metrics.task) ?? Object.keys(metrics.metrics)[0] ?? 'loss',
    ...(prCurves === undefined ? {} : { prCurves: { classes: prCurves.classes } }),
    ...(confusion === undefined ? {} : { confusion }),
    ...(fs.existsSync(report) ? { reportFile: report } : {}),
  };
}

/** metrics.jsonl columns that are the row's position, not a metric. */
const NOT_CURVES = new Set(['epoch', 'step', 'time']);

type MetricsRow = Readonly<Record<string, unknown>> & { readonly epoch: number };

const isMetricsRow = (value: unknown): value is MetricsRow =>
  typeof value === 'object' && value !== null && 'epoch' in value && typeof value.epoch === 'number';

function metricRows(experimentDir: string): MetricsRow[] {
  let text: string;
  try {
    text = fs.readFileSync(experimentPath.log(experimentDir, LOG_FILES.metrics), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      const row = JSON.parse(line) as unknown;
      return isMetricsRow(row) ? [row] : [];
    } catch {
      // A blank line, or the last line of a run that is writing it.
      return [];
    }
  });
}

function comparedRun(dir: string, info: ExperimentInfo): ComparedRun {
  const rows = metricRows(dir);
  const names = new Set<string>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (!NOT_CURVES.has(key) && typeof value === 'number' && Number.isFinite(value)) names.add(key);
    }
  }
  const curves = Object.fromEntries(
    [...names].map((name) => [
      name,
      rows.map((row) => {
        const value = row[name];
        return typeof value === 'number' && Number.isFinite(value) ? value : null;
      }),
    ]),
  );
  return {
    experiment: summaryOf(dir, info),
    epochs: rows.map((row) => row.epoch),
    curves,
    metrics: { ...info.evaluation_metrics },
  };
}

/** Each experiment's epoch curves (logs/metrics.jsonl) and evaluation metrics; unreadable ones are left out. */
export function readComparedRuns(dirs: readonly string[]): ComparedRun[] {
  return dirs.flatMap((dir) => {
    const info = readInfo(dir);
    return info === undefined ? [] : [comparedRun(dir, info)];
  });
}
