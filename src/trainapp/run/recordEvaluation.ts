import path from 'node:path';
import { WorstImageCollector } from '../../metrics/worstPredictions';
import { drawWorstGallery, evaluateCheckpoint, writeEvaluationFolder } from '../evaluation';
import type { CheckpointEvaluation, CheckpointEvaluationRequest, StagedGallery } from '../evaluation';
import type { ExperimentSession } from './experimentSession';

// Finalise's benchmark step and `train-studio evaluate` do the same thing: score a checkpoint of the
// experiment, write evaluation/ (with the gallery of its worst predictions), and say in
// experiment_info.json which checkpoint the metrics are of.

/** What to evaluate: the gallery is what sees each image. */
export type RecordEvaluationRequest = Omit<CheckpointEvaluationRequest, 'onImage'>;

export interface RecordedEvaluation {
  readonly result: CheckpointEvaluation;
  /** The files written, relative to the experiment folder. */
  readonly files: readonly string[];
}

/** The gallery is an extra: when it cannot be drawn, the evaluation is recorded without one. */
async function stageGallery(
  session: ExperimentSession,
  result: CheckpointEvaluation,
  collector: WorstImageCollector,
  request: RecordEvaluationRequest,
): Promise<StagedGallery | undefined> {
  const worst = collector.worst(result.classes, result.evaluation.metrics);
  if (worst === undefined) return undefined;
  try {
    return await drawWorstGallery(session.experimentDir, {
      checkpoint: result.checkpoint,
      classes: result.classes,
      worst,
      items: request.items,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    session.info(`The gallery of worst predictions was left out: ${reason}`, 'warning');
    return undefined;
  }
}

export async function recordEvaluation(
  session: ExperimentSession,
  request: RecordEvaluationRequest,
): Promise<RecordedEvaluation> {
  const collector = new WorstImageCollector();
  const result = await evaluateCheckpoint({
    ...request,
    onImage: (image) => {
      collector.add(image);
    },
  });
  const gallery = await stageGallery(session, result, collector, request);
  const { files } = writeEvaluationFolder(session.experimentDir, result, gallery);
  const checkpoint = path.basename(request.sidecarPath);
  session.update((info) => ({
    ...info,
    evaluation_metrics: { ...result.evaluation.metrics },
    evaluation_checkpoint: checkpoint,
    // writeEvaluationFolder removed the last evaluation's page; writeEvaluationReport records the next.
    evaluation_report: undefined,
  }));
  return { result, files };
}
