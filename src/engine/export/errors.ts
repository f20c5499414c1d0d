/** What went wrong with an export, and what the user can do about it. */
export interface ExportProblem {
  readonly message: string;
  readonly hint: string;
  /** The file at fault (a checkpoint, a module), absolute. */
  readonly file?: string;
}

/**
 * An export that cannot be made or cannot be trusted: a layer ONNX cannot express, ONNX Runtime missing,
 * parity out of tolerance, trtexec absent or failing. Nothing is written when one is thrown.
 */
export class ExportError extends Error {
  override readonly name = 'ExportError';

  constructor(
    readonly problem: ExportProblem,
    options?: ErrorOptions,
  ) {
    super(problem.message, options);
  }
}
