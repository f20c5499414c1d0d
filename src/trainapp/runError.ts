// A problem that ends a run, told the way the user needs it: what is wrong, where, and what to do. The
// CLI prints it in one paragraph, experiment_info.json keeps `{message, hint}`, and the trainer emits it as
// an `error` event; none of them ever shows a stack trace.

export interface RunProblem {
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** The file at fault, absolute. */
  readonly file?: string;
  /** The key at fault inside that file, dotted: `train_val_split.percent`. */
  readonly field?: string;
}

export class RunError extends Error {
  override readonly name = 'RunError';
  /** `cause`: the error behind the problem (a user's exception), whose stack goes to logs/train.log. */
  constructor(
    readonly problem: RunProblem,
    options?: ErrorOptions,
  ) {
    super(problem.message, options);
  }
}
