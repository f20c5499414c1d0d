import { RunError } from '../runError';
import type { RunProblem } from '../runError';

/** A missing, unreadable or invalid experiment folder. A RunError, so a run that meets one fails cleanly. */
export class ExperimentFolderError extends RunError {
  /** Absolute: the file (or folder) at fault. */
  readonly file: string;
  /** What to do about it. */
  readonly hint: string;

  constructor(problem: RunProblem & { readonly file: string }) {
    super(problem);
    this.file = problem.file;
    this.hint = problem.hint;
  }
}
