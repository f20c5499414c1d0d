import path from 'node:path';
import { evaluateCheckpoint, writeEvaluationFolder } from '../evaluation';
import type { CheckpointEvaluation, CheckpointEvaluationRequest } from '../evaluation';
import type { ExperimentSession } from './experimentSession';

// Finalise's benchmark step and `train-studio evaluate` do the same thing: score a checkpoint of the
// experiment, write evaluation/, and say in experiment_info.json which checkpoint the metrics are of.

export interface RecordedEvaluation {
  readonly result: CheckpointEvaluation;
  /** The files written, relative to the experiment folder. */
  readonly files: readonly string[];
}

export async function recordEvaluation(
  session: ExperimentSession,
  request: CheckpointEvaluationRequest,
): Promise<RecordedEvaluation> {
  const result = await evaluateCheckpoint(request);
  const { files } = writeEvaluationFolder(session.experimentDir, result);
  const checkpoint = path.basename(request.sidecarPath);
  session.update((info) => ({
    ...info,
    evaluation_metrics: { ...result.evaluation.metrics },
    evaluation_checkpoint: checkpoint,
  }));
  return { result, files };
}
