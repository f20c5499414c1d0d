// The speed test: how fast a checkpoint predicts, on tfjs with the backend in use and on ONNX Runtime (CPU),
// at batch 1, 8 and 32. Written to evaluation/speedtest.json.
import fs from 'node:fs';
import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import { SPEED_TEST_RUNTIMES, SpeedTestReport } from '../../core/schemas';
import type { SpeedTestMeasurement } from '../../core/schemas';
import { writeJsonAtomic } from '../../data/atomicWrite';
import { DEFAULT_TIMING_OPTIONS, timeOnnxInference, timeTfjsInference } from '../../engine/benchmark';
import type { Timing, TimingOptions } from '../../engine/benchmark';
import { buildOnnxModel, ExportError, openOnnxSession } from '../../engine/export';
import type { LoadedCheckpoint } from '../../engine/train';
import { experimentCheckpoint } from '../experiments/checkpointFile';
import type { ExperimentCheckpoint } from '../experiments/checkpointFile';
import { EVALUATION_FILES, EXPERIMENT_FOLDERS } from '../experiments/layout';
import { exportFileName } from '../export/exportFiles';
import type { ExperimentSession } from '../run/experimentSession';
import { measurementLine } from './table';
import { withLoadedCheckpoint } from '../loadCheckpointTo';

export { speedTestTable } from './table';

export interface SpeedTestRequest {
  /** A checkpoint file name in the experiment's checkpoints/ folder, such as best.json. */
  readonly checkpoint: string;
  readonly device: string | null;
  readonly searchDirectories: readonly string[];
  readonly backends?: readonly TrainingBackend[];
  /** Default 1, 8 and 32. */
  readonly batchSizes?: readonly number[];
}

export const DEFAULT_SPEED_TEST_BATCH_SIZES: readonly number[] = [1, 8, 32];

/** evaluation/speedtest.json, absolute. */
export const speedTestFile = (experimentDir: string): string =>
  path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation, EVALUATION_FILES.speedTest);

/** ONNX Runtime runs on the CPU provider only (onnxruntime-node's default). */
const ONNX_RUNTIME_DEVICE = 'cpu';

/** The model built for the test lives in memory only; its producer field is never written anywhere. */
const IN_MEMORY_PRODUCER = 'train-studio speed test';

/** Five significant digits: a sub-millisecond latency keeps its precision, so throughput = batch / median holds. */
const roundedMs = (value: number) => Number(value.toPrecision(5));

function measurementOf(
  runtime: SpeedTestMeasurement['runtime'],
  device: string,
  timing: Timing,
): SpeedTestMeasurement {
  const { median, p95, mean, min } = timing.latencyMs;
  return {
    runtime,
    device,
    batch_size: timing.batchSize,
    runs: timing.runs,
    latency_ms: {
      median: roundedMs(median),
      p95: roundedMs(p95),
      mean: roundedMs(mean),
      min: roundedMs(min),
    },
    throughput: Math.round(timing.throughput * 100) / 100,
  };
}

/** The checkpoint's export/<name>.onnx when there is one, else the same model built in memory. */
function onnxModelOf(
  experimentDir: string,
  checkpoint: ExperimentCheckpoint,
  loaded: LoadedCheckpoint,
): Uint8Array | string {
  const exported = path.join(experimentDir, EXPERIMENT_FOLDERS.export, exportFileName(checkpoint, 'onnx'));
  if (fs.existsSync(exported)) return exported;
  return buildOnnxModel(loaded.network, {
    producerVersion: IN_MEMORY_PRODUCER,
    description: `${experimentDir}, ${checkpoint.name}`,
  }).bytes;
}

class SpeedTest {
  readonly measurements: SpeedTestMeasurement[] = [];
  readonly skipped: { runtime: string; reason: string }[] = [];

  constructor(
    private readonly session: ExperimentSession,
    private readonly batchSizes: readonly number[],
    private readonly timing: TimingOptions,
  ) {}

  /** Times a runtime at every batch size; its figures are kept only once all of them are taken. */
  async measure(
    runtime: SpeedTestMeasurement['runtime'],
    device: string,
    time: (batchSize: number, timing: TimingOptions) => Promise<Timing>,
  ): Promise<void> {
    const taken: SpeedTestMeasurement[] = [];
    for (const batchSize of this.batchSizes) {
      const measurement = measurementOf(runtime, device, await time(batchSize, this.timing));
      taken.push(measurement);
      this.session.info(measurementLine(measurement));
    }
    this.measurements.push(...taken);
  }

  skip(runtime: string, reason: string): void {
    this.skipped.push({ runtime, reason });
    this.session.info(`Speed test, ${runtime} skipped: ${reason}`, 'warning');
  }
}

/**
 * ONNX Runtime on the checkpoint's export/<name>.onnx when there is one, else on the same model built in
 * memory (nothing is written to export/). When ONNX Runtime cannot load, or cannot build or run the model,
 * the runtime is skipped with the reason.
 */
async function measureOnnxRuntime(
  test: SpeedTest,
  experimentDir: string,
  checkpoint: ExperimentCheckpoint,
  loaded: LoadedCheckpoint,
): Promise<void> {
  const { inputSize } = loaded.spec;
  try {
    const session = await openOnnxSession(onnxModelOf(experimentDir, checkpoint, loaded));
    try {
      await test.measure(SPEED_TEST_RUNTIMES.onnxRuntime, ONNX_RUNTIME_DEVICE, (batchSize, timing) =>
        timeOnnxInference(session, batchSize, inputSize, timing),
      );
    } finally {
      await session.release();
    }
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    test.skip(SPEED_TEST_RUNTIMES.onnxRuntime, `${error.problem.message} ${error.problem.hint}`);
  }
}

/** Measures the checkpoint and writes evaluation/speedtest.json; a failure is a RunError naming the file. */
export async function recordSpeedTest(
  session: ExperimentSession,
  request: SpeedTestRequest,
): Promise<SpeedTestReport> {
  const { experimentDir } = session;
  // Resolved here, under the lock, whoever names it: `benchmark` and finalise's speed test.
  const checkpoint = experimentCheckpoint(experimentDir, session.read(), request.checkpoint, 'time');
  const batchSizes = request.batchSizes ?? DEFAULT_SPEED_TEST_BATCH_SIZES;
  const test = new SpeedTest(session, batchSizes, DEFAULT_TIMING_OPTIONS);
  const inputSize = await withLoadedCheckpoint('time', checkpoint.file, request, async (loaded, backend) => {
    session.info(
      `Speed test of ${checkpoint.name} (${String(loaded.spec.inputSize)} px) at batch ${batchSizes.join(', ')}, on tfjs (${backend}) and ONNX Runtime (${ONNX_RUNTIME_DEVICE}).`,
    );
    await test.measure(SPEED_TEST_RUNTIMES.tfjs, backend, (batchSize, timing) =>
      timeTfjsInference(loaded.network, batchSize, timing),
    );
    await measureOnnxRuntime(test, experimentDir, checkpoint, loaded);
    return loaded.spec.inputSize;
  });
  const report = SpeedTestReport.parse({
    checkpoint: checkpoint.name,
    input_size: inputSize,
    time: new Date().toISOString(),
    measurements: test.measurements,
    skipped: test.skipped,
  });
  writeJsonAtomic(speedTestFile(experimentDir), report);
  return report;
}
