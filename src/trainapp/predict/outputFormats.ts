import type { DrawnClass } from '../../engine/draw/drawPrediction';
import type { EngineTask } from '../../engine/contracts';
import { superviselyAnnotation } from '../../data/writers/superviselyAnnotation';
import type { Prediction } from '../../metrics/predictions';
import { cocoImagesFile, cocoResults, imageIdOf } from './coco';
import type { CocoResult } from './coco';
import type { InputImage } from './inputs';
import type { StagedOutput } from './stagedOutput';
import { predictionsMeta, superviselyPrediction } from './supervisely';

// The files each output format writes: a Supervisely annotation per image and the meta at the end, or the
// COCO results and their image list at the end.

export const PREDICTION_FORMATS = { supervisely: 'supervisely', coco: 'coco' } as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[keyof typeof PREDICTION_FORMATS];

/** Where each output goes inside the output folder. */
export const PREDICTION_FILES = {
  /** Supervisely: `ann/<image file name>.json`, the name Supervisely gives an image's annotation. */
  annotations: 'ann',
  meta: 'meta.json',
  cocoResults: 'predictions.coco.json',
  cocoImages: 'images.coco.json',
  /** `drawn/<image file name>.jpg`. */
  drawn: 'drawn',
} as const;

/** What one output format does with each prediction, and at the end. */
export interface FormatWriter {
  add(image: InputImage, position: number, prediction: Prediction): void;
  finish(): void;
}

export function superviselyWriter(
  output: StagedOutput,
  classes: readonly DrawnClass[],
  task: EngineTask,
): FormatWriter {
  const names = classes.map(({ name }) => name);
  return {
    add: (image, _position, prediction) => {
      const annotation = superviselyAnnotation(superviselyPrediction(prediction, image, names));
      output.write(`${PREDICTION_FILES.annotations}/${image.name}.json`, json(annotation));
    },
    finish: () => {
      output.write(PREDICTION_FILES.meta, json(predictionsMeta(task, classes)));
    },
  };
}

export function cocoWriter(
  output: StagedOutput,
  images: readonly InputImage[],
  classes: readonly string[],
): FormatWriter {
  const results: CocoResult[] = [];
  return {
    add: (_image, position, prediction) => {
      results.push(...cocoResults(prediction, imageIdOf(position)));
    },
    finish: () => {
      // One result a line: these files run to many thousands of boxes.
      const lines = results.map((result) => JSON.stringify(result)).join(',\n');
      output.write(PREDICTION_FILES.cocoResults, results.length === 0 ? '[]\n' : `[\n${lines}\n]\n`);
      output.write(PREDICTION_FILES.cocoImages, json(cocoImagesFile(images, classes, output.outDir)));
    },
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
