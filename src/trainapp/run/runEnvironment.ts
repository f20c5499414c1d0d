import type { TrainerEvent, TrainingBackend } from '../../core/events';
import type { RunStatus } from '../../core/names';
import type { ExperimentInfo } from '../../core/schemas';
import type { StopController } from '../../engine/train/stop';
import type { RunProblem } from '../runError';

// What a run gets from whoever starts it (the CLI, or a test), and what it gives back.

export interface RunEnvironment {
  /** experiments/ of the workspace. */
  readonly experimentsDir: string;
  readonly builtinFrameworkDir: string;
  /** The user cache: downloaded checkpoints, decoded images, image hashes. */
  readonly cacheDir: string;
  /** Where optional native tfjs packages may be installed: the workspace. */
  readonly searchDirectories: readonly string[];
  readonly stop: StopController;
  readonly onEvent?: (event: TrainerEvent) => void;
  readonly onHumanLine?: (line: string, event: TrainerEvent) => void;
  /** Restricts the tfjs backend chain (tests). */
  readonly backends?: readonly TrainingBackend[];
}

export interface RunOutcome {
  readonly experimentDir: string;
  readonly status: RunStatus;
  readonly info: ExperimentInfo;
  readonly problem?: RunProblem;
}

/** What a run resumed or re-finalised keeps from before. */
export interface Continuation {
  readonly recordedSplit: { readonly train: readonly string[]; readonly val: readonly string[] };
  /** The checkpoint to continue from (resume only). */
  readonly resumeFrom?: string;
  readonly checkpointClasses?: readonly string[];
}
