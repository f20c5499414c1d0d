import { DatasetError } from '../../data/errors';
import { ClassSelectionError } from '../../data/classFilter';
import { SplitError } from '../../data/splits';
import { DeviceError } from '../../engine/backend';
import { ExportError } from '../../engine/export';
import { CheckpointError, TrainingError } from '../../engine/train';
import { DownloadError } from '../modelSource/download';
import { RunError } from '../runError';
import type { RunProblem } from '../runError';

// Every way a run can fail, as the one problem the user is shown. Errors that describe the user's input
// keep their own words; anything else is a defect of Train Studio, said plainly, with the stack kept for
// the log file and never printed on the terminal.

export interface Failure {
  readonly problem: RunProblem;
  /** For logs/train.log: a defect's stack, or that of the user's code that threw. */
  readonly stack?: string;
}

const INTERNAL_HINT =
  'This is a defect in Train Studio, not in your files: the stack trace is in logs/train.log; please report it.';

/** The problem an error of the user's input or surroundings states; undefined for a defect. */
export function knownProblem(error: unknown): RunProblem | undefined {
  if (error instanceof RunError) return error.problem;
  if (
    error instanceof TrainingError ||
    error instanceof CheckpointError ||
    error instanceof DatasetError ||
    error instanceof ExportError
  ) {
    const { message, file, hint } = error.problem;
    return {
      message,
      hint: hint ?? 'Fix the file named above and start the run again.',
      ...(file ? { file } : {}),
    };
  }
  if (error instanceof SplitError) {
    return {
      message: error.message,
      hint: `Change \`${error.field}\` in the app_state.`,
      field: error.field,
    };
  }
  if (error instanceof ClassSelectionError) {
    return { message: error.message, hint: 'Change `classes` in the app_state.', field: error.field };
  }
  if (error instanceof DeviceError) {
    return { message: error.message, hint: 'Change `options.device` in the app_state, or leave it empty.' };
  }
  if (error instanceof DownloadError) {
    return { message: error.message, hint: error.hint };
  }
  return undefined;
}

export function failureOf(error: unknown): Failure {
  const known = knownProblem(error);
  if (known) {
    // A user's own code that threw: its stack is theirs to read, in the log.
    const cause = error instanceof Error ? error.cause : undefined;
    return { problem: known, ...(cause instanceof Error && cause.stack ? { stack: cause.stack } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    problem: { message: `Internal error: ${message}`, hint: INTERNAL_HINT },
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  };
}
