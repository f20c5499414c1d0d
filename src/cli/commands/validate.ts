import path from 'node:path';
import type { Finding, HyperparametersOwner } from '../../core/config';
import { kindFromFileName } from '../../core/config';
import { BUILTIN_FRAMEWORK, CONFIG_KIND_VALUES } from '../../core/names';
import type { ConfigKind } from '../../core/names';
import { builtinFrameworkDir, checkConfigFile } from '../../trainapp/configFiles';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const VALIDATE_USAGE = [
  'Usage: train-studio validate <file...> [--kind <kind>] [--framework <name>]',
  '',
  'Checks config files and prints one `file:line:col severity message` line per finding.',
  'Exits 1 when any error is found, 0 otherwise, 2 for bad usage.',
  '',
  `  --kind <kind>        ${CONFIG_KIND_VALUES.join('|')}; needed when a file's name does not tell`,
  `  --framework <name>   whose hyperparameters the files hold; \`${BUILTIN_FRAMEWORK}\` checks them against the built-in schema`,
].join('\n');

const isKind = (value: string): value is ConfigKind =>
  (CONFIG_KIND_VALUES as readonly string[]).includes(value);

/** Lines and columns count from 1 on the terminal, as editors and compilers print them. */
const formatFinding = (file: string, finding: Finding): string =>
  `${file}:${String(finding.range.start.line + 1)}:${String(finding.range.start.character + 1)} ${finding.severity} ${finding.message}`;

export function validate(args: readonly string[], context: CliContext): number {
  const parsed = parseCommandArgs(args, { kind: { type: 'string' }, framework: { type: 'string' } });
  const fail = (reason: string): number => usageError(context, 'validate', reason, VALIDATE_USAGE);
  if (!parsed.ok) return fail(parsed.reason);
  const { values, positionals: files } = parsed;
  if (values.help) {
    context.out(VALIDATE_USAGE);
    return 0;
  }
  if (files.length === 0) return fail('name at least one file to check');
  if (values.kind !== undefined && !isKind(values.kind)) {
    return fail(`unknown kind '${values.kind}'; use one of ${CONFIG_KIND_VALUES.join(', ')}`);
  }
  const unknown = files.filter((file) => values.kind === undefined && !kindFromFileName(path.basename(file)));
  if (unknown.length > 0) {
    return fail(
      `cannot tell what kind of config ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} from the name; pass --kind ${CONFIG_KIND_VALUES.join('|')}`,
    );
  }
  const hyperparameters: HyperparametersOwner | undefined =
    values.framework === undefined
      ? undefined
      : values.framework === BUILTIN_FRAMEWORK
        ? 'builtin'
        : 'foreign';

  const counts = { error: 0, warning: 0, information: 0 };
  for (const file of files) {
    const check = checkConfigFile(path.resolve(context.cwd, file), {
      kind: values.kind,
      hyperparameters,
      builtinFrameworkDir: builtinFrameworkDir(context.packageRoot),
    });
    for (const finding of check.findings) {
      counts[finding.severity] += 1;
      context.out(formatFinding(file, finding));
    }
  }
  const checked = `${String(files.length)} file${files.length === 1 ? '' : 's'} checked`;
  context.err(
    `${checked}: ${String(counts.error)} errors, ${String(counts.warning)} warnings, ${String(counts.information)} information.`,
  );
  return counts.error > 0 ? 1 : 0;
}
