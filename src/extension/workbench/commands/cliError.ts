import { UserError } from '../userError';

// What the user sees when a CLI job fails: the CLI's own words, as it prints them on stderr:
//   train-studio <command>: <what went wrong>
//     <what to do>
// never the job's exit code alone, nor a stack trace.

const PROBLEM_LINE = /^train-studio(?: [\w-]+)?: (.+)$/;
/** Notes the CLI prints while it keeps going; they are not why it failed. */
const NOT_THE_PROBLEM = 'train-studio: ignored stdin line';
const UNKNOWN_COMMAND = /^train-studio: unknown command '([^']+)'/m;
/** Lines the CLI indents under a problem that are not its hint. */
const NOT_A_HINT = /^\s+Log: /;

export interface CliProblem {
  readonly message: string;
  readonly hint?: string;
}

/** The first `train-studio …:` line of stderr and, when the next line is indented, the hint it holds. */
export function cliProblemOf(stderr: string): CliProblem | undefined {
  const lines = stderr.split(/\r?\n/);
  const at = lines.findIndex((line) => PROBLEM_LINE.test(line) && !line.startsWith(NOT_THE_PROBLEM));
  const match = PROBLEM_LINE.exec(lines[at] ?? '');
  if (!match?.[1]) return undefined;
  const next = lines[at + 1] ?? '';
  const hint = /^\s+\S/.test(next) && !NOT_A_HINT.test(next) ? next.trim() : undefined;
  return hint === undefined ? { message: match[1] } : { message: match[1], hint };
}

/** The command the CLI said it does not have, such as `export` on a trainer older than the extension. */
export function unknownCliCommand(stderr: string): string | undefined {
  return UNKNOWN_COMMAND.exec(stderr)?.[1];
}

export interface FailedJob {
  /** What the job was doing, for people: "Evaluating 1_tfjs". */
  readonly title: string;
  readonly code: number | null;
  readonly stderr: string;
}

/** The error to show for a job that ended with a non-zero exit code. */
export function cliFailure(job: FailedJob): UserError {
  const missing = unknownCliCommand(job.stderr);
  if (missing !== undefined) {
    return new UserError(
      `Train Studio cannot ${missing} yet: this version's trainer has no \`${missing}\` command.`,
      'It comes in a later release; nothing was changed.',
    );
  }
  const problem = cliProblemOf(job.stderr);
  const logHint = 'The Train Studio output has the full log.';
  if (problem) return new UserError(problem.message, problem.hint ?? logHint);
  const lastLine = job.stderr.trim().split(/\r?\n/).at(-1)?.trim();
  const exit = job.code === null ? 'was killed' : `exited with code ${String(job.code)}`;
  return new UserError(`${job.title}: the trainer ${exit}${lastLine ? ` (${lastLine})` : ''}.`, logHint);
}
