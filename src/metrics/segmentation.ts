// Semantic segmentation metrics from one pixel confusion matrix over the background (index 0) and the
// classes (i + 1): per-class IoU, mIoU and pixel accuracy. Pixels whose truth is 255 are not scored.
//
// mIoU follows the common convention (mmsegmentation, torchmetrics): the mean IoU over every label,
// background included, that occurs in the ground truth or in the predictions (union > 0); labels absent
// from both are left out, rather than counted as 0 or 1.
import { mean, ratio, type Evaluation, type GroundTruthOf, type PredictionOf } from './evaluation';
import { UNSCORED_PIXEL } from './predictions';

type Task = 'semantic segmentation';

export const BACKGROUND_NAME = 'background';

export function evaluateSegmentation(
  predictions: readonly PredictionOf<Task>[],
  truths: readonly GroundTruthOf<Task>[],
  classes: readonly string[],
): Evaluation {
  const labels = classes.length + 1;
  const counts = new Float64Array(labels * labels);
  truths.forEach((truth, image) => {
    const prediction = predictions[image];
    if (prediction?.width !== truth.width || prediction.height !== truth.height) {
      throw new Error(
        `Image ${image}: the predicted mask is ${prediction?.width}x${prediction?.height}, the ground truth ${truth.width}x${truth.height}.`,
      );
    }
    const pixels = truth.width * truth.height;
    for (const [what, mask] of [
      ['predicted', prediction.mask],
      ['ground-truth', truth.mask],
    ] as const) {
      if (mask.length !== pixels) {
        throw new Error(
          `Image ${image}: the ${what} mask holds ${mask.length} labels, not ${truth.width}x${truth.height} = ${pixels}.`,
        );
      }
    }
    for (let pixel = 0; pixel < truth.mask.length; pixel++) {
      const expected = truth.mask[pixel] ?? UNSCORED_PIXEL;
      if (expected === UNSCORED_PIXEL) continue;
      const predicted = prediction.mask[pixel] ?? 0;
      if (expected >= labels || predicted >= labels) {
        throw new Error(
          `Image ${image}, pixel ${pixel}: label ${Math.max(expected, predicted)} is outside background + ${classes.length} classes.`,
        );
      }
      counts[expected * labels + predicted] = (counts[expected * labels + predicted] ?? 0) + 1;
    }
  });
  const matrix = Array.from({ length: labels }, (_, row) =>
    Array.from(counts.subarray(row * labels, (row + 1) * labels)),
  );
  const truthTotal = (label: number) => (matrix[label] ?? []).reduce((sum, count) => sum + count, 0);
  const predictedTotal = (label: number) => matrix.reduce((sum, row) => sum + (row[label] ?? 0), 0);
  const correct = (label: number) => matrix[label]?.[label] ?? 0;

  const names = [BACKGROUND_NAME, ...classes];
  const perLabel = names.map((className, label) => {
    const union = truthTotal(label) + predictedTotal(label) - correct(label);
    const pixels = truthTotal(label);
    const iou = union > 0 ? correct(label) / union : undefined;
    const metrics: Record<string, number> = iou === undefined ? { pixels } : { IoU: iou, pixels };
    return { className, iou, metrics };
  });
  const scored = names.reduce((sum, _, label) => sum + truthTotal(label), 0);
  const hits = names.reduce((sum, _, label) => sum + correct(label), 0);
  return {
    task: 'semantic segmentation',
    metrics: {
      mIoU: mean(perLabel.flatMap((entry) => (entry.iou === undefined ? [] : [entry.iou]))),
      pixel_accuracy: ratio(hits, scored),
    },
    perClass: perLabel.map(({ className, metrics }) => ({ className, metrics })),
    confusionMatrix: matrix,
  };
}
