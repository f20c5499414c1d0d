import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './context';

// One way for every command to read its arguments and to say what is wrong with them: node's own parser,
// strict (an unknown option is an error), with `-h/--help` on every command.

type Options = NonNullable<ParseArgsConfig['options']>;

const WITH_HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The reason as one lower-case clause: node adds advice about `--` that does not fit our commands. */
const describeParseError = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('. ')[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
};

export type CommandArgs<T extends Options> =
  | {
      readonly ok: true;
      readonly values: ReturnType<
        typeof parseArgs<{ options: T & typeof WITH_HELP; allowPositionals: true }>
      >['values'];
      readonly positionals: string[];
    }
  | { readonly ok: false; readonly reason: string };

export function parseCommandArgs<T extends Options>(args: readonly string[], options: T): CommandArgs<T> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, ...WITH_HELP },
      allowPositionals: true,
      strict: true,
    });
    return { ok: true, values, positionals };
  } catch (error) {
    return { ok: false, reason: describeParseError(error) };
  }
}

/** Bad usage: the reason and the command's usage on stderr, exit code 2. */
export function usageError(context: CliContext, command: string, reason: string, usage: string): number {
  context.err(`train-studio ${command}: ${reason}.`);
  context.err(usage);
  return 2;
}

export type ExperimentCommandArgs<T extends Options> =
  | {
      readonly done: false;
      readonly dir: string;
      readonly values: Extract<CommandArgs<T>, { ok: true }>['values'];
    }
  /** Help was printed or the usage was wrong: the command ends with this exit code. */
  | { readonly done: true; readonly exitCode: number };

/** The commands that act on one experiment folder: `<command> <experiment dir> [options]`. */
export function parseExperimentCommand<T extends Options>(
  args: readonly string[],
  context: CliContext,
  command: string,
  usage: string,
  options: T,
): ExperimentCommandArgs<T> {
  const parsed = parseCommandArgs(args, options);
  const fail = (reason: string) =>
    ({ done: true, exitCode: usageError(context, command, reason, usage) }) as const;
  if (!parsed.ok) return fail(parsed.reason);
  const { values, positionals } = parsed;
  // Every command's options include -h/--help; the generic type cannot show it.
  if ((values as { help?: boolean }).help) {
    context.out(usage);
    return { done: true, exitCode: 0 };
  }
  const [dir, extra] = positionals;
  if (dir === undefined) return fail('name the experiment folder');
  if (extra !== undefined) return fail(`one experiment at a time ('${dir}', then '${extra}')`);
  return { done: false, dir: path.resolve(context.cwd, dir), values };
}
