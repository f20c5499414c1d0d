/** A problem the user can fix: shown as its message and hint, never as a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
