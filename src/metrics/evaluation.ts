import type { GroundTruth, Prediction } from './predictions';

/** The tasks that have metrics: those a Prediction can describe. */
export type EvaluatedTask = Prediction['task'];

export type PredictionOf<Task extends EvaluatedTask> = Extract<Prediction, { task: Task }>;
export type GroundTruthOf<Task extends EvaluatedTask> = Extract<GroundTruth, { task: Task }>;

export interface ClassMetrics {
  readonly className: string;
  /** Named values for this class; a value that is undefined for the class (AP without ground truth) is absent. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Detection: one class's precision-recall curve at IoU 0.5, by descending score. */
export interface PrCurve {
  readonly className: string;
  /** Equal lengths; point i counts the detections scoring at least score[i]. */
  readonly recall: readonly number[];
  readonly precision: readonly number[];
  readonly score: readonly number[];
}

/** Confidence calibration: per score bin, the mean confidence against the share that was right. */
export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly meanConfidence: number;
  readonly accuracy: number;
}

export interface Evaluation {
  readonly task: EvaluatedTask;
  /** The summary values, keyed by the names that logs, events and experiment_info use. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly perClass: readonly ClassMetrics[];
  /**
   * counts[truth][predicted]: images for classification; pixels for segmentation, where index 0 is the
   * background and i + 1 is class i. Absent for detection.
   */
  readonly confusionMatrix?: readonly (readonly number[])[];
  /** Detection only. */
  readonly prCurves?: readonly PrCurve[];
  /** Detection and classification: the reliability diagram behind ECE and MCE. */
  readonly calibration?: readonly CalibrationBin[];
}

/** a / b, or 0 when b is 0: a ratio with nothing to count is reported as 0, never NaN. */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function mean(values: readonly number[]): number {
  return ratio(
    values.reduce((sum, value) => sum + value, 0),
    values.length,
  );
}

export function f1Score(precision: number, recall: number): number {
  return ratio(2 * precision * recall, precision + recall);
}
