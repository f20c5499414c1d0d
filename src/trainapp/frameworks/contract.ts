import type { TrainerEventBody } from '../../core/events';
import type { TaskType } from '../../core/names';
import type { RunOptions } from '../../core/schemas';
import type { TargetFormat } from '../../core/schemas/framework';
import type { DatasetIndex, DatasetItem } from '../../data/model';
import type { StopSignal } from '../../engine/train/stop';
import type { CheckpointSource } from '../modelSource/resolveCheckpoint';

// One interface serves every framework: the built-in tfjs one, a user's JS/TS module exporting `start`,
// and an external command that speaks the event protocol. The lifecycle prepares the context, calls
// `start`, and validates what comes back (an ExperimentResult) before finalising.

/** The progress calls of the reference train_logger, turned into trainer events. */
export interface ProgressLogger {
  trainStarted(totalEpochs: number, details?: { readonly stepsPerEpoch?: number }): void;
  epochStarted(epoch: number): void;
  stepFinished(step: {
    readonly epoch: number;
    readonly step: number;
    readonly loss: number;
    readonly lr?: number;
  }): void;
  /** `metrics`: `train_loss` and validation values prefixed `val_`. */
  epochFinished(epoch: number, metrics: Readonly<Record<string, number>>): void;
  trainFinished(): void;
  /** A line for the run log. */
  log(message: string, level?: 'info' | 'warning' | 'error'): void;
}

export interface RunPaths {
  /** The experiment folder: experiments/<project>/<run id>_<framework>/. */
  readonly experimentDir: string;
  /** <experimentDir>/checkpoints: where a framework should save its checkpoints. */
  readonly checkpointsDir: string;
  /** <experimentDir>/logs. */
  readonly logsDir: string;
  /** Scratch space for this run, outside the user's dataset; converted data lives here. */
  readonly workDir: string;
  /** The user's dataset folder, which is never written to. */
  readonly projectDir: string;
  /** The framework's own folder (framework.json, models.json): a compiled module cannot use __dirname. */
  readonly frameworkDir: string;
}

export interface PreparedDataset {
  /** The format `dir` is in: the framework's target_format. */
  readonly format: TargetFormat;
  /** The converted dataset (coco or yolo), or the user's project folder for `none`. */
  readonly dir: string;
  /** The filtered, shape-converted index the conversion was written from. */
  readonly index: DatasetIndex;
  readonly train: readonly DatasetItem[];
  readonly val: readonly DatasetItem[];
}

export interface FrameworkContext {
  readonly runId: string;
  readonly paths: RunPaths;
  readonly taskType: TaskType;
  /** The selected classes, in meta order: class index i is classes[i]. */
  readonly classes: readonly string[];
  /** `dataset/item` refs of each side. */
  readonly split: { readonly train: readonly string[]; readonly val: readonly string[] };
  readonly dataset: PreparedDataset;
  /** Content hash of the data used (experiment_info.project_version): a key for caches of prepared data. */
  readonly projectVersion: string;
  /** The models.json entry: its name and its meta (arch_type, model_files...). */
  readonly model: { readonly name: string; readonly meta: Readonly<Record<string, unknown>> };
  /** Where training starts from: scratch, or a checkpoint file (pretrained or an earlier experiment's). */
  readonly checkpoint: CheckpointSource;
  /** Set when this is `train-studio resume`: the run's own `last` checkpoint to continue exactly. */
  readonly resumeFrom?: string;
  /** The hyperparameters YAML, parsed (the built-in framework's are validated and defaulted). */
  readonly hyperparameters: unknown;
  readonly hyperparametersText: string;
  readonly options: RunOptions;
  readonly logger: ProgressLogger;
  /** True once a stop was asked for: finish the current batch, save, and return. */
  readonly stopRequested: boolean;
  /** For the built-in framework and external commands: passes a raw trainer event through. */
  emit(event: TrainerEventBody): void;
  /** The stop signal itself, for frameworks that hand it on (the built-in one gives it to the engine). */
  readonly stop: StopSignal;
}

/** What a framework's own export function is given (the seed's `@train.export_onnx` and `export_tensorrt`). */
export interface ExportContext {
  readonly experimentDir: string;
  /** The checkpoint to export, absolute: a file the framework's training returned. */
  readonly checkpointPath: string;
  /**
   * An empty folder to write the exported file into. What the function returns must be inside it; Train
   * Studio moves it into the experiment's export/ folder once the function has returned.
   */
  readonly outputDir: string;
  /** For TensorRT: the ONNX file exported before, absolute, when there is one. */
  readonly onnxPath?: string;
  readonly taskType: TaskType;
  readonly classes: readonly string[];
  /** Scratch space; a compiled TypeScript module is written here. */
  readonly workDir: string;
  log(message: string, level?: 'info' | 'warning' | 'error'): void;
}

export interface Framework {
  readonly name: string;
  readonly targetFormat: TargetFormat;
  /** What it returns is checked against ExperimentResult by finalise: it is unknown until then. */
  start(context: FrameworkContext): Promise<unknown>;
  /**
   * The framework's own export functions, when its module exports `exportOnnx` or `exportTensorRT`. Each
   * returns the path of the file it wrote; undefined means the framework cannot export to that format.
   */
  exportModel?(format: 'onnx' | 'tensorrt', context: ExportContext): Promise<string | undefined>;
}
