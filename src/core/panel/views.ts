import { z } from 'zod';
import { RUN_STATUS_VALUES, SHAPE_VALUES, TASK_TYPE_VALUES } from '../names';
import { AppOptions } from '../schemas/appOptions';
import { ModelSelection, RunOptions, TrainValSplitSettings } from '../schemas/appState';
import { StoredConfusionMatrix, StoredMetrics, StoredPrCurves } from '../schemas/evaluationFiles';

// What the host shows the training panel: plain data built from the files (app_state.json, the dataset,
// models.json, experiment folders). The panel renders it and never reads a file itself. Paths the panel may
// hand back (to open or reveal a file) are absolute, and the host checks every one of them again.

/** The panel's cards, in the order of the reference GUI. */
export const CARD_IDS = [
  'project',
  'split',
  'classes',
  'model',
  'hyperparameters',
  'options',
  'run',
  'artifacts',
  'evaluation',
  'compare',
] as const;
export const CardId = z.enum(CARD_IDS);
export type CardId = z.infer<typeof CardId>;

const absolutePath = z.string().min(1);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const count = z.int().min(0);

/** Something wrong with a part of app_state.json, shown on the card that edits it. */
export const FieldProblem = z.object({
  card: CardId,
  /** The field's path in app_state.json, dotted: `train_val_split.percent`. */
  field: z.string(),
  message: z.string().min(1),
});
export type FieldProblem = z.infer<typeof FieldProblem>;

/**
 * app_state.json as far as it parses: each part is checked on its own, so one bad field leaves the others
 * usable. A part that is absent or invalid is left out here and named in the session's `problems`.
 */
export const PanelSettings = z.object({
  /** As written in the file (relative to it, usually). */
  project: z.string().optional(),
  split: TrainValSplitSettings.optional(),
  /** Empty: every class of the project. */
  classes: z.array(z.string()),
  model: ModelSelection.optional(),
  hyperparameters: z.string(),
  options: RunOptions,
  experimentName: z.string().optional(),
});
export type PanelSettings = z.infer<typeof PanelSettings>;

/** The framework that trains, as far as the panel needs it. */
export const FrameworkView = z.object({
  name: z.string().min(1),
  /** From app_options.yaml: which cards and features to show. */
  appOptions: AppOptions,
  /** Devices for the device selector (`cpu`, `gpu:0`, ...), when app_options sets `device_selector`. */
  devices: z.array(z.string().min(1)),
});
export type FrameworkView = z.infer<typeof FrameworkView>;

/** An experiment folder, as lists and headings show it. */
export const ExperimentSummary = z.object({
  dir: absolutePath,
  name: z.string().min(1),
  status: z.enum(RUN_STATUS_VALUES),
  /** Absolute dataset folder of the run. */
  project: z.string(),
  model: z.string().optional(),
  taskType: z.enum(TASK_TYPE_VALUES).optional(),
  /** ISO 8601. */
  datetime: z.string().optional(),
  keyMetric: z.object({ name: z.string(), value: finite }).optional(),
  /** The app_state file the run was started from, absolute; absent for runs that did not record it. */
  sourceAppState: absolutePath.optional(),
});
export type ExperimentSummary = z.infer<typeof ExperimentSummary>;

/**
 * The panel's subject: an app_state file it edits, or a finished experiment it shows read-only (with
 * re-run and fine-tune).
 */
export const PanelSession = z.object({
  mode: z.enum(['edit', 'readOnly']),
  appStateFile: absolutePath,
  /** The file as people read it: workspace-relative. */
  appStateLabel: z.string().min(1),
  /** The experiment a read-only panel shows. */
  experiment: ExperimentSummary.optional(),
  settings: PanelSettings,
  problems: z.array(FieldProblem),
  framework: FrameworkView.optional(),
  /** Running anything needs a trusted workspace; the panel says so instead of offering Start. */
  trusted: z.boolean(),
});
export type PanelSession = z.infer<typeof PanelSession>;

/** A dataset folder the Project card offers. */
export const ProjectCandidate = z.object({ path: absolutePath, label: z.string().min(1) });
export type ProjectCandidate = z.infer<typeof ProjectCandidate>;

export const ClassRow = z.object({
  name: z.string().min(1),
  shape: z.enum(SHAPE_VALUES),
  /** Objects of this class. */
  objects: count,
  /** Images with at least one object of this class. */
  images: count,
  /** `#rrggbb`. */
  color: z.string(),
});
export type ClassRow = z.infer<typeof ClassRow>;

export const ProjectView = z.object({
  path: absolutePath,
  label: z.string().min(1),
  /** A DATASET_FORMATS value of the data layer: `supervisely`, `coco`, `yolo`, `class_folders`. */
  format: z.string().min(1),
  images: count,
  objects: count,
  classes: z.array(ClassRow),
  datasets: z.array(z.object({ name: z.string().min(1), images: count })),
  /** Image tags that are not class names: what a split by tags can use. */
  imageTags: z.array(z.string()),
  /** Collection files (`*.txt` of `dataset/item` lines) found in the project, for a split by collections. */
  collections: z.array(z.string()),
  /** Files the reader skipped. */
  problems: count,
});
export type ProjectView = z.infer<typeof ProjectView>;

export const ProjectState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('loading'), path: absolutePath }),
  z.object({ status: z.literal('ready'), view: ProjectView }),
  z.object({
    status: z.literal('error'),
    path: z.string(),
    message: z.string().min(1),
    hint: z.string().optional(),
  }),
]);
export type ProjectState = z.infer<typeof ProjectState>;

/** What the current split makes of the project, or why it cannot be made. */
export const SplitPreview = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), train: count, val: count }),
  z.object({ status: z.literal('error'), message: z.string().min(1) }),
]);
export type SplitPreview = z.infer<typeof SplitPreview>;

/** What the model's task makes of each selected class's shape, before anything is converted. */
export const ConversionPreview = z.object({
  taskType: z.enum(TASK_TYPE_VALUES),
  rows: z.array(
    z.object({
      className: z.string().min(1),
      shape: z.enum(SHAPE_VALUES),
      /** kept as it is, converted (to `target`), or dropped (with `reason`). */
      outcome: z.enum(['kept', 'converted', 'dropped']),
      target: z.string().optional(),
      reason: z.string().optional(),
      objects: count,
    }),
  ),
});
export type ConversionPreview = z.infer<typeof ConversionPreview>;

export const PretrainedModelRow = z.object({
  name: z.string().min(1),
  task: z.enum(TASK_TYPE_VALUES),
  /** models.json's display columns, by column name. */
  columns: z.record(z.string(), z.string()),
});
export type PretrainedModelRow = z.infer<typeof PretrainedModelRow>;

export const CustomModelRow = z.object({
  experimentDir: absolutePath,
  experimentName: z.string().min(1),
  checkpoint: z.string().min(1),
  best: z.boolean(),
  task: z.enum(TASK_TYPE_VALUES).optional(),
  model: z.string().optional(),
});
export type CustomModelRow = z.infer<typeof CustomModelRow>;

export const ModelsView = z.object({
  /** The display columns of the pretrained table, in models.json order. */
  columns: z.array(z.string()),
  pretrained: z.array(PretrainedModelRow),
  /** Empty when app_options sets `model_selector.show_custom: false`. */
  custom: z.array(CustomModelRow),
  /** Why models.json could not be read; the table is empty then. */
  error: z.string().optional(),
});
export type ModelsView = z.infer<typeof ModelsView>;

/** A problem in the hyperparameters YAML, 0-based like VS Code's positions. */
export const TextDiagnostic = z.object({
  line: count,
  column: count,
  endLine: count,
  endColumn: count,
  severity: z.enum(['error', 'warning']),
  message: z.string().min(1),
});
export type TextDiagnostic = z.infer<typeof TextDiagnostic>;

/** The experiment the Run, Artifacts and Evaluation cards follow, and where its run is. */
export const RunView = z.object({
  experiment: ExperimentSummary,
  /** A process trains or finalises it now (its lock names a live process). */
  live: z.boolean(),
  phase: z.enum(['starting', 'preparing', 'training', 'finalizing', 'ended']),
  epoch: z.int().min(1).optional(),
  totalEpochs: z.int().min(1).optional(),
  /** 0 to 1. */
  fraction: z.number().min(0).max(1).optional(),
  etaSeconds: finite.optional(),
  error: z.object({ message: z.string().min(1), hint: z.string().optional() }).optional(),
});
export type RunView = z.infer<typeof RunView>;

/**
 * One point of a chart series. Step series (`loss`, `lr`) are indexed by the global step, epoch series
 * (`train_loss`, `val_mAP50`, ...) by the epoch.
 */
export const MetricPoint = z.object({
  series: z.string().min(1),
  axis: z.enum(['step', 'epoch']),
  x: finite,
  value: finite,
});
export type MetricPoint = z.infer<typeof MetricPoint>;

export const ArtifactKind = z.enum(['checkpoint', 'export', 'evaluation', 'log', 'config', 'other']);
export type ArtifactKind = z.infer<typeof ArtifactKind>;

export const ArtifactFile = z.object({
  path: absolutePath,
  /** Relative to the experiment folder, `/`-separated. */
  relative: z.string().min(1),
  kind: ArtifactKind,
  bytes: count,
});
export type ArtifactFile = z.infer<typeof ArtifactFile>;

export const EvaluationView = z.object({
  metrics: StoredMetrics,
  /** The metric the run is judged by (`mAP50`, `accuracy`, `mIoU`). */
  primaryMetric: z.string().min(1),
  prCurves: StoredPrCurves.optional(),
  confusion: StoredConfusionMatrix.optional(),
  /** evaluation/report.html, when it was written. */
  reportFile: absolutePath.optional(),
});
export type EvaluationView = z.infer<typeof EvaluationView>;

/** One experiment's epoch curves and final metrics, for the Compare card. */
export const ComparedRun = z.object({
  experiment: ExperimentSummary,
  /** From logs/metrics.jsonl: the epoch of each row, and each metric's value per row (null where absent). */
  epochs: z.array(finite),
  curves: z.record(z.string(), z.array(finite.nullable())),
  /** experiment_info.evaluation_metrics. */
  metrics: z.record(z.string(), finite),
});
export type ComparedRun = z.infer<typeof ComparedRun>;
