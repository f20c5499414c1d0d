import type { WebviewToHostMessage } from '../../../core/panel/messages';

// No vscode. How a failure of a builder or of a page's request is told: the page gets a one-line notice, the
// output the details (a stack only for our own bugs, never for a problem the user can fix).

/** What each page request does, as a failure names it ("Fine-tuning failed: …"). */
export const REQUEST_LABELS: Readonly<Record<Exclude<WebviewToHostMessage['type'], 'ready'>, string>> = {
  edit: 'Changing the settings',
  browseProject: 'Choosing the project',
  openHyperparameters: 'Opening the hyperparameters',
  start: 'Starting the run',
  stop: 'Stopping the run',
  rerun: 'Re-running the experiment',
  fineTune: 'Fine-tuning',
  openFile: 'Opening the file',
  revealFile: 'Revealing the file',
  compare: 'Comparing the experiments',
};

/** The message, and the hint when the error carries one (UserError, the trainapp's folder errors). */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === 'string' ? `${error.message} ${hint}` : error.message;
}

export interface FailureReport {
  /** `warn` for a problem the user can fix, `error` (with the stack) for a bug. */
  readonly level: 'warn' | 'error';
  readonly line: string;
  /** What the page says. */
  readonly notice: string;
}

export function reportOf(what: string, error: unknown): FailureReport {
  const userProblem = error instanceof Error && 'hint' in error;
  return {
    level: userProblem ? 'warn' : 'error',
    line: userProblem
      ? `${what}: ${errorText(error)}`
      : `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    notice: `${what} failed: ${errorText(error)}`,
  };
}
