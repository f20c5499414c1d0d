// A trainer process for the process tests: the real trainModel on a generated dataset, events as JSON
// lines on stdout, stop requests from signals and stdin as the trainer CLI binds them. Nothing mocked.
// Usage: node driver.js <config.json>, config being a DriverConfig.
import fs from 'node:fs';
import path from 'node:path';
import type { TrainerEventBody } from '../../src/core/events';
import { bindStopToProcess, StopController, trainModel } from '../../src/engine/train';
import { classificationJob, hyperparameters, readShapesDataset } from './support';

export interface DriverConfig {
  readonly datasetDir: string;
  readonly outputDir: string;
  readonly hyperparameters: Record<string, unknown>;
  /** Resume from <outputDir>/checkpoints/last.json when it exists. */
  readonly resume: boolean;
  /** Request a checkpoint after every step, so that saves are frequent (for kill -9 tests). */
  readonly checkpointEveryStep: boolean;
  /** Where the TrainResult is written. */
  readonly resultFile: string;
}

async function main(configFile: string): Promise<void> {
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as DriverConfig;
  const stop = new StopController();
  const write = (body: TrainerEventBody) => {
    process.stdout.write(`${JSON.stringify({ ...body, time: new Date().toISOString(), runId: 'driver' })}\n`);
  };
  const unbind = bindStopToProcess(stop, {
    onInvalidCommand: (error) => {
      write({ type: 'log', level: 'warning', message: error });
    },
  });
  const emit = (body: TrainerEventBody) => {
    write(body);
    if (config.checkpointEveryStep && body.type === 'step_finished') stop.requestCheckpoint();
  };
  const last = path.join(config.outputDir, 'checkpoints/last.json');
  const job = classificationJob(readShapesDataset(config.datasetDir), config.outputDir, {
    runId: 'driver',
    hyperparameters: hyperparameters(config.hyperparameters),
    ...(config.resume && fs.existsSync(last) ? { resumeFrom: last } : {}),
  });
  try {
    const result = await trainModel(job, { emit, stop });
    fs.writeFileSync(config.resultFile, JSON.stringify(result));
  } finally {
    unbind();
  }
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
