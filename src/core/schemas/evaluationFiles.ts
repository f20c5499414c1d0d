import { z } from 'zod';
import { TRAINING_BACKEND_VALUES } from '../events';
import { TASK_TYPE_VALUES, TASK_TYPES } from '../names';

// Files a run's evaluation, speed test and export leave beside its checkpoints. The report, the panel and the
// CLI read them back, so their shapes are defined once, here.

const milliseconds = z.number().min(0);

export const SPEED_TEST_RUNTIMES = { tfjs: 'tfjs', onnxRuntime: 'onnxruntime' } as const;
export type SpeedTestRuntime = (typeof SPEED_TEST_RUNTIMES)[keyof typeof SPEED_TEST_RUNTIMES];

export const SpeedTestMeasurement = z
  .strictObject({
    runtime: z.enum([SPEED_TEST_RUNTIMES.tfjs, SPEED_TEST_RUNTIMES.onnxRuntime]),
    /** What ran it: the tfjs backend (`tensorflow`, `wasm`, `cpu`) or ONNX Runtime's provider (`cpu`). */
    device: z.string().min(1),
    batch_size: z.int().min(1),
    /** Timed runs, after the warm-up ones. */
    runs: z.int().min(1),
    latency_ms: z.strictObject({ median: milliseconds, p95: milliseconds, mean: milliseconds, min: milliseconds }),
    /** Images per second at the median latency. */
    throughput: z.number().min(0),
  })
  .describe('One runtime at one batch size.');
export type SpeedTestMeasurement = z.infer<typeof SpeedTestMeasurement>;

/** evaluation/speedtest.json */
export const SpeedTestReport = z
  .strictObject({
    checkpoint: z.string().min(1).describe('The checkpoint file name the model was loaded from.'),
    input_size: z.int().min(1),
    time: z.iso.datetime({ offset: true }),
    measurements: z.array(SpeedTestMeasurement),
    skipped: z
      .array(z.strictObject({ runtime: z.string().min(1), reason: z.string().min(1) }))
      .default([])
      .describe('Runtimes that were not measured, and why.'),
  })
  .describe('Inference latency and throughput of a checkpoint.');
export type SpeedTestReport = z.infer<typeof SpeedTestReport>;

export const WorstPrediction = z.strictObject({
  /** The dataset item: `dataset/item`. */
  ref: z.string().min(1),
  /** The drawn image (predictions over the picture), relative to the experiment folder. */
  image: z.string().min(1),
  /** The item's score under the criterion: lower is worse. */
  score: z.number(),
  /** One line saying what went wrong, e.g. `truth circle, predicted square (0.91)`. */
  note: z.string(),
});
export type WorstPrediction = z.infer<typeof WorstPrediction>;

/** evaluation/worst_predictions.json */
export const WorstPredictions = z
  .strictObject({
    checkpoint: z.string().min(1),
    task: z.enum(TASK_TYPE_VALUES),
    /** What the score measures, e.g. `probability of the true class`. */
    criterion: z.string().min(1),
    items: z.array(WorstPrediction),
  })
  .describe('The val images the model did worst on, drawn with their predictions.');
export type WorstPredictions = z.infer<typeof WorstPredictions>;

// evaluation/'s metrics, PR curves, confusion matrix and calibration: written and read back by
// trainapp/evaluation/evaluationFolder.ts, read by the report and the panel. Unlike the files above, their
// readers are lenient about keys they do not use.

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

const Dimension = z.union([z.int().min(1), z.string().min(1)]);

const TensorDescription = z.strictObject({
  name: z.string().min(1),
  /** Sizes, with `batch` for the dynamic batch dimension. */
  shape: z.array(Dimension),
  description: z.string(),
});

/** export/classes.json: what a consumer of the exported model needs besides the model file. */
export const ExportManifest = z
  .strictObject({
    task: z.enum(TASK_TYPE_VALUES),
    /** The checkpoint file name the export was made from. */
    checkpoint: z.string().min(1),
    /** Output class i is classes[i] (segmentation: channel i + 1; channel 0 is the background). */
    classes: z.array(z.strictObject({ name: z.string().min(1), color: z.string() })),
    input: TensorDescription.extend({
      /** How images become the input, step by step. */
      preprocessing: z.array(z.string()),
    }),
    outputs: z.array(TensorDescription),
    /** How the outputs become predictions, step by step (the detector's decode is documented, not in the graph). */
    decode: z.array(z.string()),
    files: z
      .partialRecord(z.enum(['ONNXRuntime', 'TensorRT']), z.string().min(1))
      .describe('The exported files, relative to the export folder.'),
    onnx: z
      .strictObject({
        opset: z.int().min(1),
        ir_version: z.int().min(1),
        /** Largest |ONNX Runtime − tfjs| over every output value of the parity batch. */
        max_abs_diff: z.number().min(0),
        tolerance: z.number().min(0),
        parity_images: z.int().min(1),
        tfjs_backend: z.string().min(1),
      })
      .optional(),
  })
  .describe('The exported model’s classes, input, outputs and decoding.');
export type ExportManifest = z.infer<typeof ExportManifest>;
