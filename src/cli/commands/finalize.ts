import { finalizeExistingExperiment } from '../../trainapp/run';
import { parseExperimentCommand } from '../args';
import type { CliContext } from '../context';
import {
  reportEarlyFailure,
  reportOutcome,
  RUN_FLAG_OPTIONS,
  runEnvironment,
  withStopBinding,
} from '../runOutput';

const USAGE = [
  'Usage: train-studio finalize <experiment dir> [--events]',
  '',
  'Completes the finalise steps (result check, copies, metadata, logs, evaluation, export) that an',
  'interrupted run left undone, from what training already produced: nothing is trained again.',
].join('\n');

export async function finalize(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseExperimentCommand(args, context, 'finalize', USAGE, {
    events: RUN_FLAG_OPTIONS.events,
  });
  if (parsed.done) return parsed.exitCode;
  const environment = runEnvironment(context, parsed.values);
  try {
    const outcome = await withStopBinding(context, environment, () =>
      finalizeExistingExperiment(parsed.dir, environment),
    );
    return reportOutcome('finalize', context, parsed.values, outcome);
  } catch (error) {
    return reportEarlyFailure('finalize', context, error);
  }
}
