// `train-studio benchmark`: the speed test of one of an experiment's checkpoints, under the experiment's
// lock, then the evaluation report drawn again so that it shows the new figures.
import path from 'node:path';
import type { SpeedTestReport } from '../../core/schemas';
import { writeEvaluationReport } from '../evaluation/report';
import { readExperimentInfo } from '../experiments';
import { chosenCheckpoint } from '../experiments/checkpointFile';
import { failureOf } from '../run/failure';
import { withExperiment } from '../run/continueRun';
import type { ExperimentSession } from '../run/experimentSession';
import type { RunEnvironment } from '../run/runEnvironment';
import { RunError } from '../runError';
import { recordSpeedTest, speedTestFile } from '.';

export interface BenchmarkOptions {
  /** A file in the checkpoints/ folder; the best checkpoint when absent. */
  readonly checkpoint?: string | undefined;
  readonly batchSizes?: readonly number[];
}

export interface BenchmarkOutcome {
  readonly report: SpeedTestReport;
  /** evaluation/speedtest.json, absolute. */
  readonly file: string;
}

/**
 * The report is an extra: the speed test stands even when drawing it again fails (and an experiment never
 * evaluated has none to draw).
 */
function redrawReport(session: ExperimentSession): void {
  try {
    const report = writeEvaluationReport(session);
    if (report !== undefined) session.info(`Evaluation report: ${path.join(session.experimentDir, report)}`);
  } catch (error) {
    const { problem } = failureOf(error);
    session.info(`The evaluation report was not updated: ${problem.message} ${problem.hint}`, 'warning');
  }
}

export async function benchmarkExperiment(
  experimentDir: string,
  options: BenchmarkOptions,
  environment: RunEnvironment,
): Promise<BenchmarkOutcome> {
  // Read first: a folder that is not an experiment is told as such, before its app_state is looked for;
  // recordSpeedTest resolves the checkpoint again, locked.
  const { name: checkpoint } = chosenCheckpoint(
    experimentDir,
    readExperimentInfo(experimentDir),
    options.checkpoint,
    'time',
  );
  return withExperiment(experimentDir, environment, async ({ session, resolved, backendChoice }) => {
    if (resolved.framework.plugin) {
      throw new RunError({
        message: `${experimentDir} was trained by ${resolved.framework.name}: only the built-in framework's models can be timed.`,
        hint: "Time the model with the framework's own tools, or export it to ONNX and time that.",
      });
    }
    const report = await recordSpeedTest(session, {
      checkpoint,
      ...backendChoice,
      ...(options.batchSizes ? { batchSizes: options.batchSizes } : {}),
    });
    redrawReport(session);
    return { report, file: speedTestFile(experimentDir) };
  });
}
