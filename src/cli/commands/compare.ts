import path from 'node:path';
import { compareExperiments, ExperimentFolderError, formatComparison } from '../../trainapp/experiments';
import type { ComparisonTable } from '../../trainapp/experiments';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const USAGE = 'Usage: train-studio compare <experiment dir>... [--json]';

/**
 * `train-studio compare`: the experiments' evaluation metrics side by side, the best of each in bold, as a
 * Markdown table (or the table's data with --json). Exit 0, 1 when a folder is not an experiment, 2 on bad
 * usage.
 */
export function compare(args: readonly string[], context: CliContext): number {
  const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (!parsed.ok) return usageError(context, 'compare', parsed.reason, USAGE);
  const { values, positionals } = parsed;
  if (values.help) {
    context.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) return usageError(context, 'compare', 'name the experiment folders', USAGE);
  let table: ComparisonTable;
  try {
    table = compareExperiments(positionals.map((folder) => path.resolve(context.cwd, folder)));
  } catch (error) {
    if (!(error instanceof ExperimentFolderError)) throw error;
    context.err(`train-studio compare: ${error.message}`);
    context.err(`  ${error.hint}`);
    return 1;
  }
  context.out(values.json ? JSON.stringify(table, null, 2) : formatComparison(table));
  return 0;
}
