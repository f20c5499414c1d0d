import * as vscode from 'vscode';
import { UserError } from './userError';

/**
 * Tells the user what went wrong. A UserError shows its message and hint; anything else is our bug, so the
 * notification says so in one line and the output channel gets the details.
 */
export async function reportError(
  output: vscode.LogOutputChannel,
  what: string,
  error: unknown,
): Promise<void> {
  const text =
    error instanceof UserError
      ? `${error.message} ${error.hint}`
      : `${what} failed: ${error instanceof Error ? error.message : String(error)}. The output has the details.`;
  output.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const choice = await vscode.window.showErrorMessage(text, 'Show Output');
  if (choice) output.show(true);
}
