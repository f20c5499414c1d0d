import { z } from 'zod';
import { TRAINING_BACKEND_VALUES } from '../../core/events';
import { TASK_TYPES } from '../../core/names';

// The shapes of the files an evaluation writes to evaluation/ (besides worst_predictions.json and
// speedtest.json, whose schemas core defines): written by evaluationFolder.ts, read back by it, by the
// report and by whoever else shows an evaluation. Readers are lenient about keys they do not use.

const fraction = z.number().min(0).max(1);
const count = z.number().min(0);

/** evaluation/metrics.json */
export const StoredMetrics = z.object({
  checkpoint: z.string(),
  task: z.enum([TASK_TYPES.classification, TASK_TYPES.objectDetection, TASK_TYPES.semanticSegmentation]),
  classes: z.array(z.string()).readonly(),
  metrics: z.record(z.string(), z.number()),
  perClass: z
    .array(z.object({ className: z.string(), metrics: z.record(z.string(), z.number()) }))
    .readonly(),
  images: z.int().min(0),
  seconds: z.number(),
  backend: z.enum(TRAINING_BACKEND_VALUES),
  /** When the evaluation ended, ISO 8601. */
  time: z.string().optional(),
});
export type StoredMetrics = z.infer<typeof StoredMetrics>;

const PrCurve = z
  .object({
    className: z.string(),
    recall: z.array(fraction).readonly(),
    precision: z.array(fraction).readonly(),
    score: z.array(z.number()).readonly(),
  })
  .refine((curve) => curve.recall.length === curve.precision.length, {
    message: 'recall and precision must have one value per point',
    path: ['precision'],
  });

/** evaluation/pr_curves.json (detection): per class, one point per distinct score, best first. */
export const StoredPrCurves = z.object({ classes: z.array(PrCurve).readonly() });
export type StoredPrCurves = z.infer<typeof StoredPrCurves>;

/** evaluation/confusion_matrix.json: counts[truth][predicted] over `labels`. */
export const StoredConfusionMatrix = z
  .object({
    unit: z.enum(['images', 'pixels']),
    labels: z.array(z.string()).readonly(),
    counts: z.array(z.array(count).readonly()).readonly(),
  })
  .superRefine((matrix, context) => {
    const size = matrix.labels.length;
    matrix.counts.forEach((row, index) => {
      if (row.length !== size) {
        context.addIssue({
          code: 'custom',
          path: ['counts', index],
          message: `a row must have one count per label (${String(size)})`,
        });
      }
    });
    if (matrix.counts.length !== size) {
      context.addIssue({
        code: 'custom',
        path: ['counts'],
        message: `must have one row per label (${String(size)})`,
      });
    }
  });
export type StoredConfusionMatrix = z.infer<typeof StoredConfusionMatrix>;

/** evaluation/calibration.json: the reliability diagram's bins behind ECE and MCE. */
export const StoredCalibration = z.object({
  bins: z
    .array(
      z.object({ lower: fraction, upper: fraction, count, meanConfidence: z.number(), accuracy: fraction }),
    )
    .readonly(),
});
export type StoredCalibration = z.infer<typeof StoredCalibration>;
