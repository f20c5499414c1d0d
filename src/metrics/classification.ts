// Classification metrics: accuracy, per-class precision, recall and F1 (macro-averaged for the summary),
// the confusion matrix, and the calibration of the top-1 confidence. The predicted class is the highest
// score (the first on ties).
import { calibrationBins, calibrationErrors } from './calibration';
import { f1Score, mean, ratio, type Evaluation, type GroundTruthOf, type PredictionOf } from './evaluation';
import { topClass } from './predictions';

type Task = 'classification';

export function evaluateClassification(
  predictions: readonly PredictionOf<Task>[],
  truths: readonly GroundTruthOf<Task>[],
  classes: readonly string[],
): Evaluation {
  const counts = classes.map(() => classes.map(() => 0));
  const confidences = new Float64Array(truths.length);
  const right: boolean[] = [];
  truths.forEach((truth, image) => {
    const row = counts[truth.classIndex];
    const scores = predictions[image]?.scores ?? new Float32Array();
    const predicted = topClass(scores).index;
    if (row === undefined || predicted >= classes.length) {
      throw new Error(
        `Image ${image}: class ${row === undefined ? truth.classIndex : predicted} is outside the ${classes.length} classes.`,
      );
    }
    row[predicted] = (row[predicted] ?? 0) + 1;
    confidences[image] = scores[predicted] ?? 0;
    right.push(predicted === truth.classIndex);
  });
  const calibration = calibrationBins(confidences, right);
  const errors = calibrationErrors(calibration);
  const column = (index: number) => counts.reduce((sum, row) => sum + (row[index] ?? 0), 0);
  const rowTotal = (index: number) => (counts[index] ?? []).reduce((sum, count) => sum + count, 0);
  const correct = classes.reduce((sum, _, index) => sum + (counts[index]?.[index] ?? 0), 0);

  const perClass = classes.map((className, index) => {
    const truePositives = counts[index]?.[index] ?? 0;
    const predicted = column(index);
    const support = rowTotal(index);
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    return { className, predicted, metrics: { precision, recall, f1: f1Score(precision, recall), support } };
  });
  // Classes that neither occur nor are predicted say nothing about the model, so the means skip them.
  const seen = perClass.filter((entry) => entry.metrics.support > 0 || entry.predicted > 0);
  const macro = (key: 'precision' | 'recall' | 'f1') => mean(seen.map((entry) => entry.metrics[key]));
  return {
    task: 'classification',
    metrics: {
      accuracy: ratio(correct, truths.length),
      precision: macro('precision'),
      recall: macro('recall'),
      f1: macro('f1'),
      expected_calibration_error: errors.expected,
      maximum_calibration_error: errors.maximum,
    },
    perClass: perClass.map(({ className, metrics }) => ({ className, metrics })),
    confusionMatrix: counts,
    calibration,
  };
}
