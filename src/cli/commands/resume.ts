import { resumeExperiment } from '../../trainapp/run';
import { parseExperimentCommand } from '../args';
import type { CliContext } from '../context';
import {
  reportEarlyFailure,
  reportOutcome,
  RUN_FLAG_OPTIONS,
  RUN_FLAG_USAGE,
  runEnvironment,
  withStopBinding,
} from '../runOutput';

const USAGE = [
  'Usage: train-studio resume <experiment dir> [--events]',
  '',
  'Continues a stopped or interrupted run exactly where its `last` checkpoint left it: same folder, same',
  'split and settings, with the weights, optimizer state, learning-rate schedule, epoch and random state',
  'carried on. This is not fine-tuning: to train further from a finished run, start a new run whose model',
  'is {"source": "Custom models", ...} (see train-studio train --help).',
  '',
  ...RUN_FLAG_USAGE.filter((line) => !line.includes('--experiments')),
].join('\n');

export async function resume(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseExperimentCommand(args, context, 'resume', USAGE, { events: RUN_FLAG_OPTIONS.events });
  if (parsed.done) return parsed.exitCode;
  const environment = runEnvironment(context, parsed.values);
  try {
    const outcome = await withStopBinding(context, environment, () =>
      resumeExperiment(parsed.dir, environment),
    );
    return reportOutcome('resume', context, parsed.values, outcome);
  } catch (error) {
    return reportEarlyFailure('resume', context, error);
  }
}
