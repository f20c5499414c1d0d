import type { TrainerEventBody, TrainingBackend } from '../../core/events';
import type { BuiltinHyperparameters } from '../../core/schemas/hyperparameters';
import type { DatasetItem } from '../../data/model';
import type { EngineTask } from '../contracts';
import type { ClassMapping } from './fineTune';
import type { StopSignal } from './stop';

// What a training run is given and what it returns.

export interface TrainJob {
  readonly runId: string;
  readonly task: EngineTask;
  readonly arch: string;
  readonly classes: readonly string[];
  readonly train: readonly DatasetItem[];
  readonly val: readonly DatasetItem[];
  readonly hyperparameters: BuiltinHyperparameters;
  /** The experiment folder; checkpoints go to <outputDir>/checkpoints. */
  readonly outputDir: string;
  readonly cache?: { readonly dir: string; readonly dataHash: string };
  /** A checkpoint sidecar to fine-tune from: its weights only, matched by name and shape. */
  readonly initFrom?: string;
  /**
   * A `last` checkpoint sidecar to resume exactly: <outputDir>/checkpoints/last.json, since the result lists
   * the run's earlier checkpoints by their place in outputDir.
   */
  readonly resumeFrom?: string;
  readonly device?: string | null;
  /** Where to look for the optional native tfjs packages besides the engine's own node_modules. */
  readonly searchDirectories?: readonly string[];
  /** Backend chain restriction, for tests and benchmarks. */
  readonly backends?: readonly TrainingBackend[];
}

export interface TrainResult {
  /** `completed` includes an early stop by patience; `stopped` is a stop request. */
  readonly status: 'completed' | 'stopped';
  /** Epochs completed, resumed ones included. */
  readonly epochs: number;
  /** Relative to outputDir, e.g. checkpoints/best.json: periodic ones by epoch, then best, then last. */
  readonly checkpoints: readonly string[];
  readonly bestCheckpoint?: string;
  /** The best validation value of the ranking metric, e.g. { name: 'val_accuracy', value: 0.92 }. */
  readonly bestMetric?: { readonly name: string; readonly value: number };
  readonly lastCheckpoint: string;
  /** When fine-tuning: how the checkpoint's classes map onto this run's. */
  readonly classMapping?: ClassMapping;
  readonly backend: TrainingBackend;
}

export interface TrainIo {
  /** Receives every event; the caller adds time and runId. */
  emit(event: TrainerEventBody): void;
  readonly stop: StopSignal;
}
