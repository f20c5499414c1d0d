import path from 'node:path';

// Where everything sits in an experiment folder (FORMATS §7). Every layer that reads or writes one (the
// lifecycle, the CLI, the extension's tree) takes the names from here.

/** experiments/ in the workspace: experiments/<project name>/<run id>_<framework>/. */
export const EXPERIMENTS_FOLDER = 'experiments';

export const EXPERIMENT_FILES = {
  info: 'experiment_info.json',
  appState: 'app_state.json',
  hyperparameters: 'hyperparameters.yaml',
  split: 'train_val_split.json',
  modelMeta: 'model_meta.json',
  /** The pid of the process training or finalising the experiment, while it does. */
  lock: '.lock',
} as const;

export const EXPERIMENT_FOLDERS = {
  checkpoints: 'checkpoints',
  export: 'export',
  logs: 'logs',
  evaluation: 'evaluation',
  /** What `train-studio predict` writes when no --out is given. */
  predictions: 'predictions',
  /** Files a framework's result names besides its checkpoints, copied in when they were elsewhere. */
  modelFiles: 'model_files',
  /** Converted data and other scratch files of the run; removed once the run is finalised. */
  work: '.work',
} as const;

/** Files under logs/. TensorBoard files are named by TensorBoard's own rule (events.out.tfevents.*). */
export const LOG_FILES = {
  /** The human log, as printed on stderr. */
  train: 'train.log',
  /** Every trainer event, one JSON object per line: what the panel and the tree follow. */
  events: 'events.jsonl',
  /** One line per epoch: epoch, step, time and the epoch's metrics. */
  metrics: 'metrics.jsonl',
} as const;

/** Files under evaluation/. */
export const EVALUATION_FILES = {
  metrics: 'metrics.json',
  prCurves: 'pr_curves.json',
  confusionMatrix: 'confusion_matrix.json',
  calibration: 'calibration.json',
  speedTest: 'speedtest.json',
  worstPredictions: 'worst_predictions.json',
  /** A self-contained page of all of the above; no network needed to read it. */
  report: 'report.html',
} as const;

/** Under evaluation/: the drawn images worst_predictions.json names. */
export const WORST_PREDICTIONS_FOLDER = 'worst';

/** Files under export/: `<checkpoint>.onnx` and `<checkpoint>.engine` are named after their checkpoint. */
export const EXPORT_FILES = {
  manifest: 'classes.json',
  onnxExtension: '.onnx',
  tensorrtExtension: '.engine',
} as const;

export const experimentPath = {
  info: (dir: string) => path.join(dir, EXPERIMENT_FILES.info),
  log: (dir: string, file: (typeof LOG_FILES)[keyof typeof LOG_FILES]) =>
    path.join(dir, EXPERIMENT_FOLDERS.logs, file),
};
