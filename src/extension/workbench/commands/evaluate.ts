import path from 'node:path';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS } from '../../../trainapp/experiments/layout';
import { experimentAt } from '../pick/experiments';
import { folderFor } from '../pick/workspace';
import { allowedToRun } from '../trust';
import { evaluateArgs } from './cliArgs';
import { logCliOutput, runCliCommand } from './cliJob';
import { chooseCheckpoint } from './checkpointTarget';
import type { CommandContext } from './context';
import { keyMetricsText } from './metricSummary';
import { notifyDone, openFileAction } from './notifyDone';

// Evaluate Checkpoint: `train-studio evaluate` scores the checkpoint on the run's val split and records it
// in the experiment; the key metrics come back in a notification.

export async function evaluate(
  context: CommandContext,
  argument: unknown,
): Promise<Readonly<Record<string, number>> | undefined> {
  if (!allowedToRun('evaluate checkpoints')) return undefined;
  const chosen = await chooseCheckpoint(context, argument, {
    title: 'Evaluate Checkpoint',
    refuseLive: true,
  });
  if (!chosen) return undefined;
  const { experiment, checkpoint } = chosen;
  const name = experiment.info.experiment_name;
  const result = await runCliCommand(context, {
    args: evaluateArgs(experiment.dir, checkpoint),
    cwd: folderFor(experiment.dir).uri.fsPath,
    title: `Evaluating ${name} (${checkpoint})`,
    cancellable: true,
  });
  if (!result) return undefined;
  logCliOutput(context, result);
  const { info } = experimentAt(experiment.dir, context.runs);
  const metricsFile = path.join(experiment.dir, EXPERIMENT_FOLDERS.evaluation, EVALUATION_FILES.metrics);
  notifyDone(
    context,
    `${name}, ${checkpoint}: ${keyMetricsText(info) || 'evaluated'}.`,
    openFileAction('Open metrics.json', metricsFile),
  );
  return info.evaluation_metrics;
}
