import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import { DatasetError } from '../../data/errors';
import type { DatasetItem } from '../../data/model';
import type { EngineTask } from '../../engine/contracts';
import { createPipeline } from '../../engine/pipeline';
import { evaluateModel } from '../../engine/train';
import type { LoadedCheckpoint, ModelEvaluation } from '../../engine/train';
import type { EvaluatedImage } from '../../metrics/worstPredictions';
import { datasetRunError } from '../prepare/projectFolder';
import { RunError } from '../runError';
import { withLoadedCheckpoint } from '../loadCheckpointTo';

export interface CheckpointEvaluation {
  /** The sidecar's file name, e.g. best.json, as experiment_info's evaluation_checkpoint records it. */
  readonly checkpoint: string;
  readonly task: EngineTask;
  /** The checkpoint's classes: class index i is classes[i]. */
  readonly classes: readonly string[];
  readonly evaluation: ModelEvaluation;
  readonly backend: TrainingBackend;
  /** Wall time of the whole evaluation: backend, checkpoint, decoding, inference and scoring. */
  readonly seconds: number;
  readonly images: number;
}

export interface CheckpointEvaluationRequest {
  /** The checkpoint's .json sidecar. */
  readonly sidecarPath: string;
  /** The images to score, with their annotations: the experiment's val split. */
  readonly items: readonly DatasetItem[];
  /** Default: the batch size the checkpoint was trained with. */
  readonly batchSize?: number;
  readonly device?: string | null;
  /** Backend chain restriction, for tests and benchmarks. */
  readonly backends?: readonly TrainingBackend[];
  /** Where to look for the optional native tfjs packages besides the engine's own node_modules. */
  readonly searchDirectories?: readonly string[];
  readonly cache?: { readonly dir: string; readonly dataHash: string };
  /** Each image's prediction and truth as it is evaluated; nothing keeps them otherwise. */
  readonly onImage?: (image: EvaluatedImage) => void;
}

async function scoreCheckpoint(
  loaded: LoadedCheckpoint,
  request: CheckpointEvaluationRequest,
): Promise<ModelEvaluation> {
  const { task, inputSize } = loaded.spec;
  const pipeline = createPipeline(request.items, {
    task,
    classes: loaded.classes,
    inputSize,
    ...(request.cache === undefined ? {} : { cache: request.cache }),
  });
  try {
    return await evaluateModel({
      task,
      classes: loaded.classes,
      network: loaded.network,
      head: loaded.head,
      pipeline,
      batchSize: request.batchSize ?? loaded.sidecar.hyperparameters.batch_size,
      onImage: request.onImage,
    });
  } finally {
    await pipeline.close();
  }
}

/**
 * Scores a checkpoint on the given images, un-augmented at the checkpoint's input size, the way training
 * validates: the "model benchmark" of a finished run and of `train-studio evaluate`. A missing or damaged
 * checkpoint, no images, or an unreadable image is a RunError naming the file.
 */
export async function evaluateCheckpoint(
  request: CheckpointEvaluationRequest,
): Promise<CheckpointEvaluation> {
  const started = performance.now();
  const checkpoint = path.basename(request.sidecarPath);
  if (request.items.length === 0) {
    throw new RunError({
      message: `There are no images to evaluate the checkpoint ${checkpoint} on.`,
      hint: 'Evaluation scores the validation images: give the run a train/val split with at least one val image.',
      file: path.resolve(request.sidecarPath),
    });
  }
  try {
    return await withLoadedCheckpoint('evaluate', request.sidecarPath, request, async (loaded, backend) => ({
      checkpoint,
      task: loaded.spec.task,
      classes: loaded.classes,
      evaluation: await scoreCheckpoint(loaded, request),
      backend,
      seconds: (performance.now() - started) / 1000,
      images: request.items.length,
    }));
  } catch (error) {
    if (error instanceof DatasetError) throw datasetRunError(error);
    throw error;
  }
}
