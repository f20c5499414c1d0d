/** What is wrong with which checkpoint file, and what the user can do about it. */
export interface CheckpointProblem {
  readonly file: string;
  readonly message: string;
  readonly hint: string;
}

/** A checkpoint that is missing, damaged, or does not fit the run it was given to. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';

  constructor(readonly problem: CheckpointProblem) {
    super(`${problem.file}: ${problem.message}. ${problem.hint}`);
  }
}
