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
