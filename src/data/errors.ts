// How a reader reacts to bad data. Training wants the first problem as one clear error (`fail`);
// `inspect` wants every problem listed and the rest of the data read (`skip`).
import type { DataProblem } from './model';

export const READ_POLICIES = { fail: 'fail', skip: 'skip' } as const;
export type ReadPolicy = (typeof READ_POLICIES)[keyof typeof READ_POLICIES];

/** One line a user can act on: the file, where in it, what is wrong and what to do. */
export function formatProblem(problem: DataProblem): string {
  const where = problem.where === undefined ? '' : ` (${problem.where})`;
  const hint = problem.hint === undefined ? '' : ` ${problem.hint}`;
  return `${problem.file}${where}: ${problem.message}.${hint}`;
}

/** The one error a reader throws for bad data; anything else escaping a reader is a bug. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(readonly problem: DataProblem) {
    super(formatProblem(problem));
  }
}

/** Collects problems under `skip`; throws the first one as a DatasetError under `fail`. */
export class ProblemLog {
  readonly problems: DataProblem[] = [];

  constructor(readonly policy: ReadPolicy) {}

  report(problem: DataProblem): void {
    if (this.policy === READ_POLICIES.fail) throw new DatasetError(problem);
    this.problems.push(problem);
  }
}

export interface ReadOptions {
  /** `fail` (the default) throws on the first problem; `skip` drops what is bad and lists it. */
  readonly policy?: ReadPolicy;
}
