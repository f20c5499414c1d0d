/**
 * A problem the user can fix: bad input, a missing file, a wrong option. Every face (CLI, panel, editor)
 * shows its message and hint as they are, and never a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
