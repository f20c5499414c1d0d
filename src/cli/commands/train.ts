import path from 'node:path';
import { trainFromAppState } from '../../trainapp/run';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';
import {
  reportOutcome,
  RUN_FLAG_OPTIONS,
  RUN_FLAG_USAGE,
  runEnvironment,
  withStopBinding,
} from '../runOutput';

const USAGE = [
  'Usage: train-studio train --app-state <app_state.json> [--experiments <dir>] [--events]',
  '',
  'Trains a new experiment from an app_state.json: checks it, prepares the data, trains, then finalises',
  'experiments/<project>/<run id>_<framework>/ (checkpoints, logs, evaluation, metadata).',
  '',
  'Ctrl+C, SIGTERM or a {"type":"stop"} line on stdin stops gracefully: the current batch finishes, `last`',
  'is saved and the folder is finalised with status "stopped". Ctrl+C twice exits at once.',
  '',
  'Fine-tuning is a new run: set the app_state\'s model to {"source": "Custom models", "experiment": ...,',
  '"checkpoint": ...}; it starts from those weights with a fresh optimizer and epoch count, and records',
  "base_checkpoint. To continue a stopped run exactly instead, use 'train-studio resume <experiment dir>'.",
  '',
  "  --app-state <file>   the run's app_state.json (or give it as the only argument)",
  ...RUN_FLAG_USAGE,
].join('\n');

export async function train(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseCommandArgs(args, { 'app-state': { type: 'string' }, ...RUN_FLAG_OPTIONS });
  const fail = (reason: string) => usageError(context, 'train', reason, USAGE);
  if (!parsed.ok) return fail(parsed.reason);
  const { values, positionals } = parsed;
  if (values.help) {
    context.out(USAGE);
    return 0;
  }
  const appState = values['app-state'] ?? positionals[0];
  if (appState === undefined) return fail('name the app_state.json to train from');
  if (positionals.length > (values['app-state'] === undefined ? 1 : 0)) {
    return fail(`unexpected argument '${positionals.at(-1) ?? ''}'`);
  }
  const environment = runEnvironment(context, values);
  const outcome = await withStopBinding(context, environment, () =>
    trainFromAppState(path.resolve(context.cwd, appState), environment),
  );
  return reportOutcome('train', context, values, outcome);
}
