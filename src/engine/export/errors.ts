/** What went wrong with an export, and what the user can do about it. */
export interface ExportProblem {
  readonly message: string;
  readonly hint: string;
  /** The file at fault (a checkpoint, a module), absolute. */
  readonly file?: string;
}

/**
 * What the engine cannot do for an export: a network or layer ONNX cannot express, ONNX Runtime missing or
 * rejecting a model, outputs it cannot compare. Nothing is written when one is thrown. (Parity out of
 * tolerance and trtexec absent or failing are judged by trainapp/export, as RunErrors.)
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
