import type { TrainingBackend } from '../core/events';
import { selectBackend } from '../engine/backend';
import { CheckpointError, loadCheckpoint } from '../engine/train';
import type { LoadedCheckpoint } from '../engine/train';
import { RunError } from './runError';

/**
 * A checkpoint loaded to do something with it ("evaluate", "time", "predict with", "export"): a missing or
 * damaged one is a RunError that says what could not be done, naming the file. A backend must be selected.
 */
export function loadCheckpointTo(purpose: string, sidecarPath: string): LoadedCheckpoint {
  try {
    return loadCheckpoint(sidecarPath);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    const { file, message, hint } = error.problem;
    throw new RunError({ message: `Cannot ${purpose} the checkpoint ${file}: ${message}.`, hint, file });
  }
}

/** Which tfjs backend a checkpoint runs on: the run's options.device, as training chose it. */
export interface BackendChoice {
  readonly device?: string | null;
  /** Where to look for the optional native tfjs packages besides the engine's own node_modules. */
  readonly searchDirectories?: readonly string[];
  /** Restricts the backend chain (tests, benchmarks). */
  readonly backends?: readonly TrainingBackend[];
}

/**
 * Selects the backend, loads the checkpoint (loadCheckpointTo) and runs `use` on it; the model is disposed
 * however `use` ends.
 */
export async function withLoadedCheckpoint<T>(
  purpose: string,
  sidecarPath: string,
  choice: BackendChoice,
  use: (loaded: LoadedCheckpoint, backend: TrainingBackend) => Promise<T>,
): Promise<T> {
  // Cheap after the first call in a process: each backend is loaded and self-checked once.
  const selected = await selectBackend({
    device: choice.device ?? null,
    ...(choice.searchDirectories === undefined ? {} : { searchDirectories: choice.searchDirectories }),
    ...(choice.backends === undefined ? {} : { only: choice.backends }),
  });
  const loaded = loadCheckpointTo(purpose, sidecarPath);
  try {
    return await use(loaded, selected.backend);
  } finally {
    loaded.network.dispose();
  }
}
