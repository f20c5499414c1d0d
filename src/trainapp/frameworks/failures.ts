// Framework failures are RunErrors whose `cause` is the original error: the lifecycle writes the cause's
// stack (the user's own code, or esbuild's full report) to logs/train.log, never to the terminal.

/** The message of anything thrown: JavaScript code may throw strings or plain objects. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
