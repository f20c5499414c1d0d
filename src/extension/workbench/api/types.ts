import type { z } from 'zod';
import type { TrainValSplitSettings } from '../../../core/schemas';
import type { ExperimentInfo } from '../../../core/schemas';
import type { ComparisonTable } from '../../../trainapp/experiments/compare';

// The programmatic API (`vscode.extensions.getExtension('train-studio.train-studio').exports`), the
// equivalent of Supervisely's TrainApi.run: another extension or a notebook-style script submits runs,
// waits for them and compares them. Paths may be absolute or relative to the first workspace folder.

export interface RunOptions {
  /** The dataset folder. */
  readonly project: string;
  /** A model name from the framework's models.json, or a checkpoint of an earlier experiment. */
  readonly model: string | { readonly experiment: string; readonly checkpoint: string };
  /** Classes to train on; none or empty means every class of the project. */
  readonly classes?: readonly string[];
  /**
   * One of the four split kinds, as app_state.json writes it (fields with a default may be left out);
   * default: random 80 % train, seed 42.
   */
  readonly trainValSplit?: z.input<typeof TrainValSplitSettings>;
  /** YAML text, or the values themselves; default: the framework's defaults. */
  readonly hyperparameters?: string | Readonly<Record<string, unknown>>;
  readonly experimentName?: string;
  /** The framework folder; default: the built-in tfjs framework. */
  readonly framework?: string;
  readonly convertClassShapes?: boolean;
  readonly enableBenchmark?: boolean;
  readonly enableSpeedtest?: boolean;
  readonly cacheProject?: boolean;
  readonly exportOnnx?: boolean;
  readonly exportTensorrt?: boolean;
  /** false: the app_state.json is written and the run waits for `start()`. Default true. */
  readonly autostart?: boolean;
}

export interface RunHandle {
  /** Unique in this window; also the name of the run's app_state file under the extension's storage. */
  readonly id: string;
  /** The experiment folder, once the trainer has created it. */
  readonly folder: Promise<string>;
  /**
   * The run's experiment_info.json when its process has ended, whatever the status (completed, stopped,
   * failed). Rejects only when no experiment folder came to be, with the reason.
   */
  readonly done: Promise<ExperimentInfo>;
  /** Queues a run made with `autostart: false`; does nothing for one already queued or started. */
  start(): void;
  /** A graceful stop: the batch finishes, `last` is saved, the folder is finalised. A queued run is dropped. */
  stop(): Promise<void>;
}

export interface TrainStudioApi {
  readonly version: string;
  run(options: RunOptions): RunHandle;
  /** The experiments' evaluation metrics side by side, with the best value of each metric marked. */
  compare(folders: readonly string[]): Promise<ComparisonTable>;
}
