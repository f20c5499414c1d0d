import { DatasetError } from '../../data/errors';
import { CheckpointError } from '../checkpoint';

/** What went wrong, in the shape of the `error` event. */
export interface TrainingProblem {
  readonly message: string;
  readonly file?: string;
  readonly hint?: string;
}

/** The one error trainModel throws: the problem it reports, and the original error as the cause. */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';

  constructor(
    readonly problem: TrainingProblem,
    options?: { readonly cause?: unknown },
  ) {
    const located = problem.file === undefined ? problem.message : `${problem.file}: ${problem.message}`;
    super(problem.hint === undefined ? located : `${located}. ${problem.hint}`, options);
  }
}

/** The problem an error reports: user errors keep their file and hint, anything else its message. */
export function problemOf(error: unknown): TrainingProblem {
  if (error instanceof TrainingError || error instanceof CheckpointError) return error.problem;
  if (error instanceof DatasetError) return error.problem;
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Errors about the user's files: the ones a TrainingError stands for. */
export const isFileProblem = (error: unknown): boolean =>
  error instanceof TrainingError || error instanceof CheckpointError || error instanceof DatasetError;

export const asTrainingError = (error: unknown): TrainingError =>
  error instanceof TrainingError ? error : new TrainingError(problemOf(error), { cause: error });
