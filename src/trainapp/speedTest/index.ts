// The speed test: how fast a checkpoint predicts, on tfjs with the backend in use and on ONNX Runtime (CPU),
// at batch 1, 8 and 32. Written to evaluation/speedtest.json.
import type { TrainingBackend } from '../../core/events';
import type { SpeedTestReport } from '../../core/schemas';
import type { ExperimentSession } from '../run/experimentSession';

export interface SpeedTestRequest {
  /** A checkpoint file name in the experiment's checkpoints/ folder, such as best.json. */
  readonly checkpoint: string;
  readonly device: string | null;
  readonly searchDirectories: readonly string[];
  readonly backends?: readonly TrainingBackend[];
  /** Default 1, 8 and 32. */
  readonly batchSizes?: readonly number[];
}

/** Measures the checkpoint and writes evaluation/speedtest.json; a failure is a RunError naming the file. */
export async function recordSpeedTest(
  session: ExperimentSession,
  request: SpeedTestRequest,
): Promise<SpeedTestReport> {
  void session;
  void request;
  return Promise.reject(new Error('placeholder: recordSpeedTest is not written yet'));
}
