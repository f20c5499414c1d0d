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
