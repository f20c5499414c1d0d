import fs from 'node:fs';
import path from 'node:path';
import { SpeedTestReport } from '../../../core/schemas';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS } from '../../../trainapp/experiments/layout';
import { batchOneSummary } from '../../../trainapp/speedTest/table';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import { folderFor } from '../pick/workspace';
import { benchmarkArgs } from './cliArgs';
import { logCliOutput, runCliCommand } from './cliJob';
import { chooseCheckpoint } from './checkpointTarget';
import type { CommandContext } from './context';
import { notifyDone, openFileAction } from './notifyDone';

// Run Speed Test: `train-studio benchmark` times the checkpoint on tfjs and ONNX Runtime and writes
// evaluation/speedtest.json; each runtime's batch-1 latency comes back in a notification.

function readReport(file: string): SpeedTestReport {
  try {
    return SpeedTestReport.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    throw new UserError(
      `The speed test ended without a readable ${file}.`,
      'Run it again; if it fails the same way, the details are in the Train Studio output.',
    );
  }
}

export async function speedTest(
  context: CommandContext,
  argument: unknown,
): Promise<SpeedTestReport | undefined> {
  if (!allowedToRun('run speed tests')) return undefined;
  const chosen = await chooseCheckpoint(context, argument, { title: 'Run Speed Test', refuseLive: true });
  if (!chosen) return undefined;
  const { experiment, checkpoint } = chosen;
  const name = experiment.info.experiment_name;
  const result = await runCliCommand(context, {
    args: benchmarkArgs(experiment.dir, checkpoint),
    cwd: folderFor(experiment.dir).uri.fsPath,
    title: `Timing ${name} (${checkpoint})`,
    cancellable: true,
  });
  if (!result) return undefined;
  logCliOutput(context, result);
  const file = path.join(experiment.dir, EXPERIMENT_FOLDERS.evaluation, EVALUATION_FILES.speedTest);
  const report = readReport(file);
  notifyDone(
    context,
    `${name}, ${checkpoint}, batch 1 median: ${batchOneSummary(report)}.`,
    openFileAction('Open speedtest.json', file),
  );
  return report;
}
