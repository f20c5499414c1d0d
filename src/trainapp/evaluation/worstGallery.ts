import fs from 'node:fs';
import path from 'node:path';
import { WorstPredictions } from '../../core/schemas';
import type { DatasetItem } from '../../data/model';
import { drawPrediction } from '../../engine/draw/drawPrediction';
import type { WorstImages } from '../../metrics/worstPredictions';
import { EXPERIMENT_FOLDERS, WORST_PREDICTIONS_FOLDER } from '../experiments/layout';
import { drawnClasses, readModelClasses } from '../experiments/modelClasses';

// The gallery of worst predictions: each image drawn with its prediction and its truth. The images are
// drawn into a staging folder first, so that the folder which replaces evaluation/worst/ is whole; the
// evaluation folder then swaps it in with worst_predictions.json.

/** The drawn images' longest side: a gallery thumbnail, small enough to embed in the report. */
const GALLERY_IMAGE_SIDE = 320;

/** Under evaluation/; a dot-name, so the tree and the report never list it. */
const STAGING_FOLDER = '.worst.staging';

export interface StagedGallery {
  /** Absolute: the drawn images, named as `contents` names them under evaluation/worst/. */
  readonly folder: string;
  readonly contents: WorstPredictions;
}

const imageName = (rank: number) => `${String(rank + 1).padStart(2, '0')}.jpg`;

/**
 * Draws `worst` (drawPrediction with the truth) into a fresh staging folder under evaluation/. `items` are
 * the evaluated images, where each ref's picture is found. On failure nothing stays behind.
 */
export async function drawWorstGallery(
  experimentDir: string,
  request: {
    readonly checkpoint: string;
    readonly classes: readonly string[];
    readonly worst: WorstImages;
    readonly items: readonly DatasetItem[];
  },
): Promise<StagedGallery> {
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.evaluation, STAGING_FOLDER);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const pictures = new Map(request.items.map((item) => [item.ref, item.imagePath]));
  // The colours are cosmetic: a missing or damaged model_meta.json only costs the user's colours.
  const classes = drawnClasses(request.classes, readModelClasses(experimentDir));
  const { worst } = request;
  try {
    const items = [];
    for (const [rank, image] of worst.items.entries()) {
      const imagePath = pictures.get(image.ref);
      if (imagePath === undefined) throw new Error(`${image.ref} is not among the evaluated items.`);
      const jpeg = await drawPrediction({
        imagePath,
        prediction: image.prediction,
        truth: image.truth,
        classes,
        maxSide: GALLERY_IMAGE_SIDE,
        ...(worst.scoreThreshold === undefined ? {} : { scoreThreshold: worst.scoreThreshold }),
      });
      // The staging folder is swapped in whole, which is what makes these writes atomic.
      fs.writeFileSync(path.join(folder, imageName(rank)), jpeg);
      items.push({
        ref: image.ref,
        image: [EXPERIMENT_FOLDERS.evaluation, WORST_PREDICTIONS_FOLDER, imageName(rank)].join('/'),
        score: image.score,
        note: image.note,
      });
    }
    const contents = WorstPredictions.parse({
      checkpoint: request.checkpoint,
      task: worst.task,
      criterion: worst.criterion,
      items,
    });
    return { folder, contents };
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
