import * as vscode from 'vscode';
import { NodeUnavailableError } from './runs/nodeExecutable';
import { offerNodeSetting } from './runs/offerNodeSetting';

/** What the user can act on: a message and what to do about it. */
interface UserProblem {
  readonly message: string;
  readonly hint: string;
}

const hintOf = (value: unknown): string | undefined => {
  const hint = typeof value === 'object' && value !== null ? (value as { hint?: unknown }).hint : undefined;
  return typeof hint === 'string' ? hint : undefined;
};

/**
 * The problem behind an error the user can fix, or undefined for our own bug. A UserError carries a hint,
 * and so do the trainapp's errors (ExperimentFolderError, a RunError's `problem`), which this layer may
 * not turn into UserErrors everywhere they can surface.
 */
function userProblemOf(error: unknown): UserProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const hint = hintOf(error) ?? hintOf((error as { problem?: unknown }).problem);
  return hint === undefined ? undefined : { message: error.message, hint };
}

/**
 * Tells the user what went wrong. A problem they can fix shows its message and hint (a Node that cannot
 * run the trainer with the action that opens its setting); anything else is our bug, so the notification
 * says so in one line and the output channel gets the stack.
 */
export async function reportError(
  output: vscode.LogOutputChannel,
  what: string,
  error: unknown,
): Promise<void> {
  const problem = userProblemOf(error);
  if (problem) {
    output.error(`${what}: ${problem.message} ${problem.hint}`);
    if (error instanceof NodeUnavailableError) {
      await offerNodeSetting(error);
      return;
    }
  } else {
    output.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  const text = problem
    ? `${problem.message} ${problem.hint}`
    : `${what} failed: ${error instanceof Error ? error.message : String(error)}. The output has the details.`;
  const choice = await vscode.window.showErrorMessage(text, 'Show Output');
  if (choice) output.show(true);
}

/**
 * `handler`, reporting what it throws instead of rejecting to VS Code, which would leave it in the
 * developer console; it then resolves undefined. Reported without waiting for the notification: a command
 * (or a launch) ends when its work does.
 */
export function reportingErrors<Args extends unknown[], Result>(
  output: vscode.LogOutputChannel,
  what: string,
  handler: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result | undefined> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      void reportError(output, what, error);
      return undefined;
    }
  };
}
