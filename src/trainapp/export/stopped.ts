import type { StopSignal } from '../../engine/train/stop';
import { RunError } from '../runError';

/** The RunError of an export that a stop request ended: its staged files are discarded. */
export function exportStopped(checkpoint: string, stop: StopSignal): RunError {
  return new RunError({
    message: `The export of ${checkpoint} was stopped (${stop.stopReason ?? 'asked to'}); nothing was written.`,
    hint: 'Run the export again to make it.',
  });
}
