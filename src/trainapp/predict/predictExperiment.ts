import os from 'node:os';
import path from 'node:path';
import type { TrainingBackend } from '../../core/events';
import { TASK_TYPES } from '../../core/names';
import { DatasetError } from '../../data/errors';
import { describeFsError } from '../../data/readers/files';
import { drawPrediction } from '../../engine/draw/drawPrediction';
import type { DrawnClass } from '../../engine/draw/drawPrediction';
import { DEFAULT_SCORE_THRESHOLD, predictImages, predictionDecodeOptions } from '../../engine/inference';
import type { LoadedCheckpoint } from '../../engine/train/loadCheckpoint';
import type { StopSignal } from '../../engine/train/stop';
import type { Prediction } from '../../metrics/predictions';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { drawnClasses } from '../experiments/modelClasses';
import { RunError } from '../runError';
import { BoundedWork } from './boundedWork';
import { expandInputs } from './inputs';
import type { InputImage } from './inputs';
import { predictionSource } from './source';
import { cocoWriter, PREDICTION_FILES, PREDICTION_FORMATS, superviselyWriter } from './outputFormats';
import type { PredictionFormat } from './outputFormats';
import { StagedOutput } from './stagedOutput';
import { withLoadedCheckpoint } from '../loadCheckpointTo';

// `train-studio predict`: a checkpoint of a built-in experiment run on image files, its predictions
// written as Supervisely annotations or COCO results, and drawn over the images when asked.

export interface PredictRequest {
  readonly experimentDir: string;
  /** Image files and folders, relative to `cwd` or absolute. */
  readonly inputs: readonly string[];
  readonly cwd: string;
  /** A file name in checkpoints/; default: the best checkpoint. */
  readonly checkpoint?: string;
  readonly format: PredictionFormat;
  /** Default: the experiment's predictions/ folder. */
  readonly outDir?: string;
  readonly draw: boolean;
  /** Detection: the score a box needs; default DEFAULT_SCORE_THRESHOLD. */
  readonly threshold?: number;
  /** Default: the batch size the checkpoint was trained with. */
  readonly batchSize?: number;
}

export interface PredictEnvironment {
  /** Where to look for the optional native tfjs packages besides the engine's own node_modules. */
  readonly searchDirectories: readonly string[];
  /** Restricts the backend chain (tests). */
  readonly backends?: readonly TrainingBackend[];
  /** Polled between images: a stop request ends the run, writing nothing. */
  readonly stop?: StopSignal;
  /** Each image's prediction as it is made, in input order. */
  readonly onImage?: (image: InputImage, prediction: Prediction, classes: readonly string[]) => void;
}

export interface PredictOutcome {
  readonly outDir: string;
  readonly checkpoint: string;
  readonly backend: TrainingBackend;
  readonly images: number;
  /** Relative to outDir, with '/' separators, in the order written. */
  readonly files: readonly string[];
  /** Wall time from the backend's selection to the last file in place. */
  readonly seconds: number;
}

/** The request cannot be carried out as asked: bad usage, told with the command's usage. */
export class PredictUsageError extends Error {
  override readonly name = 'PredictUsageError';
}

function checkFormat(task: string | undefined, format: PredictionFormat): void {
  if (task === TASK_TYPES.classification && format === PREDICTION_FORMATS.coco) {
    throw new PredictUsageError(
      'COCO results have no form for classification; use --format supervisely (the default), which tags each image with its class',
    );
  }
}

/** An image that passed its header check yet cannot be decoded, told with its path. */
function imageRunError(error: DatasetError): RunError {
  const { file, message, hint } = error.problem;
  return new RunError({
    message: `Cannot predict on ${file}: ${message}; nothing was written.`,
    hint: hint ?? 'Replace the image, or leave it out.',
    file,
  });
}

function stagedOutput(outDir: string): StagedOutput {
  try {
    return new StagedOutput(outDir);
  } catch (error) {
    throw new RunError({
      message: `Cannot write the predictions into ${outDir}: ${describeFsError(error)}.`,
      hint: 'Name a folder that can be written with --out.',
      file: outDir,
    });
  }
}

interface PredictionRun {
  readonly request: PredictRequest;
  readonly environment: PredictEnvironment;
  readonly loaded: LoadedCheckpoint;
  readonly classes: readonly DrawnClass[];
  readonly images: readonly InputImage[];
  readonly output: StagedOutput;
}

async function predictInto(run: PredictionRun): Promise<void> {
  const { request, environment, loaded, classes, images, output } = run;
  const names = classes.map(({ name }) => name);
  const writer =
    request.format === PREDICTION_FORMATS.coco
      ? cocoWriter(output, images, names)
      : superviselyWriter(output, classes, loaded.spec.task);
  const predictions = predictImages(loaded, images, {
    batchSize: request.batchSize ?? loaded.sidecar.hyperparameters.batch_size,
    decode: predictionDecodeOptions(request.threshold ?? DEFAULT_SCORE_THRESHOLD),
  });
  const drawings = new BoundedWork(os.availableParallelism());
  try {
    for await (const { image, index, prediction } of predictions) {
      if (environment.stop?.stopRequested) {
        throw new RunError({
          message: `Prediction stopped (${environment.stop.stopReason ?? 'asked to'}) before every image was done; nothing was written.`,
          hint: 'Run it again to predict on all the images.',
        });
      }
      writer.add(image, index, prediction);
      if (request.draw) {
        await drawings.add(async () => {
          const drawn = await drawPrediction({ imagePath: image.path, prediction, classes });
          output.write(`${PREDICTION_FILES.drawn}/${image.name}.jpg`, drawn);
        });
      }
      environment.onImage?.(image, prediction, names);
    }
    await drawings.finish();
  } finally {
    // Nothing may write into the output after a failure has discarded it.
    await drawings.settle();
  }
  writer.finish();
}

/**
 * Runs the experiment's checkpoint on the images and writes its predictions into the output folder, all of
 * them or, on any failure, none. Everything the user can get wrong (the experiment, the checkpoint, the
 * format for the task, the images, the output folder) is checked before the model is loaded: a RunError,
 * or a PredictUsageError for a format the task has no form in.
 */
export async function predictWithExperiment(
  request: PredictRequest,
  environment: PredictEnvironment,
): Promise<PredictOutcome> {
  const source = predictionSource(request.experimentDir, request.checkpoint);
  checkFormat(source.info.task_type, request.format);
  const images = expandInputs(request.inputs, request.cwd);
  const output = stagedOutput(
    request.outDir ?? path.join(request.experimentDir, EXPERIMENT_FOLDERS.predictions),
  );
  const started = performance.now();
  try {
    return await withLoadedCheckpoint(
      'predict with',
      source.checkpoint.file,
      { device: source.device, ...environment },
      async (loaded, backend) => {
        const classes = drawnClasses(loaded.classes, source.modelClasses);
        await predictInto({ request, environment, loaded, classes, images, output });
        return {
          outDir: output.outDir,
          checkpoint: source.checkpoint.name,
          backend,
          images: images.length,
          files: output.commit(),
          seconds: (performance.now() - started) / 1000,
        };
      },
    );
  } catch (error) {
    output.discard();
    if (error instanceof DatasetError) throw imageRunError(error);
    throw error;
  }
}
