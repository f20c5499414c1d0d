import type { RunStatus, TaskType } from '../../core/names';

// Experiments side by side: what `train-studio compare`, the editor's Compare Experiments and the API's
// compare() show. Metrics come from each experiment_info.json's evaluation_metrics.

export interface ComparedExperiment {
  /** Absolute. */
  readonly folder: string;
  readonly name: string;
  readonly project: string;
  readonly model?: string;
  readonly task?: TaskType;
  readonly status: RunStatus;
  readonly epochs?: number;
  readonly bestCheckpoint: string | null;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ComparisonTable {
  readonly experiments: readonly ComparedExperiment[];
  /** Every metric any experiment has, the task's key metric first. */
  readonly metrics: readonly string[];
  /** For each metric, the folder of the experiment with its best value (lowest for losses and errors). */
  readonly best: Readonly<Record<string, string>>;
}
