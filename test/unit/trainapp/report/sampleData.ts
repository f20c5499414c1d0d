import type { SpeedTestReport } from '../../../../src/core/schemas';
import type { ReportData } from '../../../../src/trainapp/evaluation/report';

// Hand-made report data, one per task, shaped as evaluation/'s files are: what the renderer is tested on.

/** A class name that is also markup: the report must show it, never run it. */
export const HOSTILE_CLASS = '<img src=x onerror=alert(1)>';

/** A 1x1 JPEG is not needed to render: any data: URI stands for the drawn image. */
export const IMAGE_URI = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQ==';

const experiment = {
  name: 'shapes run',
  model: 'Classifier-S',
  framework: 'tfjs',
  dir: '/work/experiments/shapes/1_tfjs',
};

export function classificationData(overrides: Partial<ReportData> = {}): ReportData {
  return {
    experiment,
    metrics: {
      checkpoint: 'best.json',
      task: 'classification',
      classes: ['circle', HOSTILE_CLASS],
      metrics: {
        accuracy: 0.75,
        precision: 0.8125,
        recall: 0.6875,
        f1: 0.7,
        expected_calibration_error: 0.1234,
        maximum_calibration_error: 0.4321,
        loss: 0.5,
      },
      perClass: [
        { className: 'circle', metrics: { precision: 0.625, recall: 1, f1: 0.7692, support: 5 } },
        { className: HOSTILE_CLASS, metrics: { precision: 1, recall: 0.375, f1: 0.5455, support: 3 } },
      ],
      images: 8,
      seconds: 1.25,
      backend: 'wasm',
      time: '2026-01-02T10:00:00.000Z',
    },
    confusion: {
      unit: 'images',
      labels: ['circle', HOSTILE_CLASS],
      counts: [
        [5, 0],
        [2, 1],
      ],
    },
    calibration: [
      { lower: 0, upper: 0.5, count: 2, meanConfidence: 0.4, accuracy: 0.5 },
      { lower: 0.5, upper: 1, count: 6, meanConfidence: 0.8, accuracy: 0.8333 },
    ],
    gallery: {
      criterion: 'probability given to the true class',
      items: [
        {
          ref: 'all/bad.png',
          note: `truth ${HOSTILE_CLASS}, predicted circle (0.91)`,
          score: 0.09,
          image: IMAGE_URI,
        },
        { ref: 'all/meh.png', note: 'truth circle, predicted circle (0.55)', score: 0.55, image: IMAGE_URI },
      ],
    },
    ...overrides,
  };
}

/** Detection over `classes`; each class's curve has `points` points, none for a class named `empty`. */
export function detectionData(classes: readonly string[], overrides: Partial<ReportData> = {}): ReportData {
  const curve = (className: string) => {
    const points = className === 'empty' ? 0 : 3;
    return {
      className,
      recall: Array.from({ length: points }, (_, i) => (i + 1) / points),
      precision: Array.from({ length: points }, (_, i) => 1 - i / 4),
      score: Array.from({ length: points }, (_, i) => 0.9 - i / 10),
    };
  };
  return {
    experiment: { ...experiment, model: 'CenterNet-S' },
    metrics: {
      checkpoint: 'best.json',
      task: 'object detection',
      classes: [...classes],
      metrics: { mAP: 0.31, mAP50: 0.62, AP50: 0.62, AP75: 0.28, f1_optimal_conf: 0.35, loss: 2 },
      perClass: classes.map((className, index) => {
        const metrics: Record<string, number> =
          className === 'empty' ? { groundTruth: 0 } : { AP50: 0.5 + index / 1000, AP: 0.25, groundTruth: 4 };
        return { className, metrics };
      }),
      images: 6,
      seconds: 2,
      backend: 'wasm',
    },
    prCurves: classes.map(curve),
    calibration: [{ lower: 0.3, upper: 0.4, count: 10, meanConfidence: 0.35, accuracy: 0.3 }],
    ...overrides,
  };
}

export const SPEED_TEST: SpeedTestReport = {
  checkpoint: 'best.json',
  input_size: 224,
  time: '2026-01-02T11:00:00.000Z',
  measurements: [
    {
      runtime: 'tfjs',
      device: 'wasm',
      batch_size: 8,
      runs: 20,
      latency_ms: { median: 41.25, p95: 52.5, mean: 43, min: 39 },
      throughput: 193.9,
    },
    {
      runtime: 'onnxruntime',
      device: 'cpu',
      batch_size: 1,
      runs: 50,
      latency_ms: { median: 3.125, p95: 4.75, mean: 3.3, min: 2.9 },
      throughput: 320,
    },
  ],
  skipped: [{ runtime: 'tensorrt', reason: 'no NVIDIA GPU' }],
};
