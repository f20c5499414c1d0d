// The images a model did worst on, for the evaluation report's gallery: each image scored on its own (lower
// is worse) and the lowest kept, each with one line saying what went wrong. The score per task:
// - classification: the probability given to the true class;
// - detection: F1 at IoU 0.5 of the boxes scoring at least the evaluation's operating threshold
//   (f1_optimal_conf), the same boxes the drawn image shows, so that the note describes the picture;
// - segmentation: the mean IoU over the labels, background included, in the image's truth or prediction:
//   the set's mIoU, for one image.
import { boxIou } from './boxes';
import type { EvaluatedTask } from './evaluation';
import type { GroundTruth, LabelledBox, Prediction, ScoredBox } from './predictions';
import { classTitle, topClass, UNSCORED_PIXEL } from './predictions';
import { BACKGROUND_NAME } from './segmentation';

/** How many images the gallery shows. */
export const WORST_PREDICTION_COUNT = 12;

/** Detection's operating threshold when the evaluation found none (no true positive at any score). */
export const FALLBACK_SCORE_THRESHOLD = 0.5;

const MATCH_IOU = 0.5;

/** One evaluated image: what the model predicted and what is true, in original image pixels. */
export interface EvaluatedImage {
  /** The dataset item, `dataset/item`. */
  readonly ref: string;
  readonly prediction: Prediction;
  readonly truth: GroundTruth;
}

export interface RankedImage extends EvaluatedImage {
  /** Lower is worse. */
  readonly score: number;
  /** What went wrong, e.g. `truth circle, predicted square (0.91)`. */
  readonly note: string;
}

export interface WorstImages {
  readonly task: EvaluatedTask;
  /** What the score measures. */
  readonly criterion: string;
  /** Detection: the score threshold the boxes were judged at; draw them at it too. */
  readonly scoreThreshold?: number;
  /** Worst first; equal scores by ref. */
  readonly items: readonly RankedImage[];
}

interface Scored {
  readonly image: EvaluatedImage;
  readonly score: number;
  readonly note: (classes: readonly string[]) => string;
}

const byScoreThenRef = (a: Scored, b: Scored): number =>
  a.score - b.score || (a.image.ref < b.image.ref ? -1 : a.image.ref > b.image.ref ? 1 : 0);

/** Inserts `entry` into `list` (sorted by byScoreThenRef), keeping at most `count`. */
function keepLowest(list: Scored[], entry: Scored, count: number): void {
  const at = list.findIndex((other) => byScoreThenRef(entry, other) < 0);
  if (at === -1) {
    if (list.length < count) list.push(entry);
    return;
  }
  list.splice(at, 0, entry);
  if (list.length > count) list.pop();
}

/** A model that diverged predicts NaN: as bad as it gets, and JSON has no NaN. */
const finiteScore = (value: number): number => (Number.isFinite(value) ? value : 0);

const decimals = (value: number) => value.toFixed(2);

function plural(count: number, word: string): string {
  return `${String(count)} ${word}${count === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;
}

function judgeClassification(image: EvaluatedImage): Scored {
  if (image.prediction.task !== 'classification' || image.truth.task !== 'classification') {
    throw new Error('judgeClassification takes classification images.');
  }
  const { scores } = image.prediction;
  const truth = image.truth.classIndex;
  const { index: predicted, score: confidence } = topClass(scores);
  return {
    image,
    score: finiteScore(scores[truth] ?? 0),
    note: (classes) =>
      `truth ${classTitle(classes, truth)}, predicted ${classTitle(classes, predicted)} (${decimals(confidence)})`,
  };
}

interface BoxOutcome {
  readonly found: number;
  readonly missed: number;
  readonly falseBoxes: number;
  /** A box on an object of another class, which it did not find. */
  readonly mixUps: readonly { readonly truth: number; readonly predicted: number; readonly score: number }[];
  readonly truths: number;
}

/** The free truth among `truths` that `box` overlaps most at IoU ≥ 0.5, of the classes `accepts` allows. */
function bestMatch(
  box: ScoredBox,
  truths: readonly LabelledBox[],
  taken: Uint8Array,
  accepts: (truth: LabelledBox) => boolean,
): number | undefined {
  let best: number | undefined;
  let bestIou = MATCH_IOU;
  truths.forEach((truth, index) => {
    if (taken[index] === 1 || !accepts(truth)) return;
    const iou = boxIou(box, truth);
    if (iou >= bestIou) {
      best = index;
      bestIou = iou;
    }
  });
  return best;
}

/**
 * The boxes scoring at least `threshold`, best first, each matched to the free truth of its class it
 * overlaps most at IoU ≥ 0.5; one on a crowd region of its class counts neither way, as in COCO. An
 * unmatched box on an unfound truth of another class is a mix-up, both a false box and a miss.
 */
function matchBoxes(
  predicted: readonly ScoredBox[],
  truth: readonly LabelledBox[],
  threshold: number,
): BoxOutcome {
  const boxes = predicted.filter((box) => box.score >= threshold).sort((a, b) => b.score - a.score);
  const scored = truth.filter((box) => box.crowd !== true);
  const crowds = truth.filter((box) => box.crowd === true);
  const taken = new Uint8Array(scored.length);
  const unmatched: ScoredBox[] = [];
  let found = 0;
  for (const box of boxes) {
    const match = bestMatch(box, scored, taken, (candidate) => candidate.classIndex === box.classIndex);
    if (match !== undefined) {
      taken[match] = 1;
      found++;
    } else if (
      !crowds.some((crowd) => crowd.classIndex === box.classIndex && boxIou(box, crowd) >= MATCH_IOU)
    ) {
      unmatched.push(box);
    }
  }
  const mixUps: { truth: number; predicted: number; score: number }[] = [];
  for (const box of unmatched) {
    const other = bestMatch(box, scored, taken, (candidate) => candidate.classIndex !== box.classIndex);
    if (other === undefined) continue;
    taken[other] = 1;
    mixUps.push({ truth: scored[other]?.classIndex ?? 0, predicted: box.classIndex, score: box.score });
  }
  return {
    found,
    missed: scored.length - found - mixUps.length,
    falseBoxes: unmatched.length - mixUps.length,
    mixUps,
    truths: scored.length,
  };
}

function boxNote(outcome: BoxOutcome, classes: readonly string[]): string {
  const [mixUp] = outcome.mixUps;
  const parts: string[] = [];
  if (outcome.mixUps.length > 1) parts.push(`${String(outcome.mixUps.length)} boxed as the wrong class`);
  else if (mixUp) {
    parts.push(
      `${classTitle(classes, mixUp.truth)} boxed as ${classTitle(classes, mixUp.predicted)} (${decimals(mixUp.score)})`,
    );
  }
  if (outcome.missed > 0) parts.push(`${String(outcome.missed)} missed`);
  if (outcome.falseBoxes > 0) parts.push(plural(outcome.falseBoxes, 'false box'));
  if (parts.length > 0) return parts.join(', ');
  return outcome.truths === 0 ? 'nothing to find, nothing found' : `all ${String(outcome.found)} found`;
}

function judgeDetection(image: EvaluatedImage, threshold: number): Scored {
  if (image.prediction.task !== 'object detection' || image.truth.task !== 'object detection') {
    throw new Error('judgeDetection takes detection images.');
  }
  const outcome = matchBoxes(image.prediction.boxes, image.truth.boxes, threshold);
  const wrong = outcome.falseBoxes + outcome.missed + 2 * outcome.mixUps.length;
  const denominator = 2 * outcome.found + wrong;
  return {
    image,
    // Nothing to find and nothing found is a perfect image.
    score: denominator === 0 ? 1 : (2 * outcome.found) / denominator,
    note: (classes) => boxNote(outcome, classes),
  };
}

/** Per label (mask value), the IoU of the image's prediction with its truth over the scored pixels. */
function labelIous(image: EvaluatedImage): Map<number, number> {
  const { prediction, truth } = image;
  if (prediction.task !== 'semantic segmentation' || truth.task !== 'semantic segmentation') {
    throw new Error('labelIous takes segmentation images.');
  }
  if (prediction.mask.length !== truth.mask.length) {
    throw new Error(
      `${image.ref}: the predicted mask holds ${String(prediction.mask.length)} labels, the truth ${String(truth.mask.length)}.`,
    );
  }
  const labels = 256;
  const truthPixels = new Float64Array(labels);
  const predictedPixels = new Float64Array(labels);
  const common = new Float64Array(labels);
  for (let pixel = 0; pixel < truth.mask.length; pixel++) {
    const expected = truth.mask[pixel] ?? UNSCORED_PIXEL;
    if (expected === UNSCORED_PIXEL) continue;
    const label = prediction.mask[pixel] ?? 0;
    truthPixels[expected] = (truthPixels[expected] ?? 0) + 1;
    predictedPixels[label] = (predictedPixels[label] ?? 0) + 1;
    if (label === expected) common[label] = (common[label] ?? 0) + 1;
  }
  const ious = new Map<number, number>();
  for (let label = 0; label < labels; label++) {
    const union = (truthPixels[label] ?? 0) + (predictedPixels[label] ?? 0) - (common[label] ?? 0);
    if (union > 0) ious.set(label, (common[label] ?? 0) / union);
  }
  return ious;
}

/** Undefined for an image without a scored pixel: there is nothing to judge. */
function judgeSegmentation(image: EvaluatedImage): Scored | undefined {
  const ious = labelIous(image);
  if (ious.size === 0) return undefined;
  const values = [...ious.values()];
  const score = values.reduce((sum, iou) => sum + iou, 0) / values.length;
  const [worstLabel, worstIou] = [...ious].reduce((worst, entry) => (entry[1] < worst[1] ? entry : worst));
  const labelName = (classes: readonly string[], label: number) =>
    label === 0 ? BACKGROUND_NAME : classTitle(classes, label - 1);
  return {
    image,
    score,
    // The label that pulled the mean down, when one did.
    note: (classes) =>
      worstIou < score
        ? `IoU ${decimals(score)}, worst ${labelName(classes, worstLabel)} ${decimals(worstIou)}`
        : `IoU ${decimals(score)}`,
  };
}

/** f1_optimal_conf, unless the evaluation found no operating point (0: nothing was ever right). */
function operatingThreshold(metrics: Readonly<Record<string, number>>): number {
  const threshold = metrics.f1_optimal_conf;
  return threshold !== undefined && threshold > 0 ? threshold : FALLBACK_SCORE_THRESHOLD;
}

const CRITERIA: Readonly<Record<EvaluatedTask, (threshold: number) => string>> = {
  classification: () => 'probability given to the true class',
  'object detection': (threshold) => `F1 at IoU 0.5 of the boxes scoring at least ${decimals(threshold)}`,
  'semantic segmentation': () => 'mean IoU over the labels in the image, background included',
};

/**
 * Collects evaluated images one at a time and keeps the worst. Classification and segmentation images are
 * scored as they come and only the `count` worst are held (a segmentation mask is as large as its image).
 * Detection images are held until the operating threshold is known, at the end: boxes are small, and the
 * evaluation holds every image's boxes anyway.
 */
export class WorstImageCollector {
  private task: EvaluatedTask | undefined;
  private readonly kept: Scored[] = [];
  private readonly detections: EvaluatedImage[] = [];

  constructor(private readonly count = WORST_PREDICTION_COUNT) {}

  add(image: EvaluatedImage): void {
    const { task } = image.prediction;
    if (image.truth.task !== task) {
      throw new Error(`${image.ref}: the prediction is for ${task}, its truth for ${image.truth.task}.`);
    }
    this.task ??= task;
    if (task !== this.task)
      throw new Error(`${image.ref} is for ${task}, the images before it for ${this.task}.`);
    if (task === 'object detection') {
      this.detections.push(image);
      return;
    }
    const scored = task === 'classification' ? judgeClassification(image) : judgeSegmentation(image);
    if (scored) keepLowest(this.kept, scored, this.count);
  }

  /**
   * The worst images, with notes naming `classes`; `metrics` are the whole evaluation's (detection takes
   * its operating threshold from them). Undefined when no image was added.
   */
  worst(classes: readonly string[], metrics: Readonly<Record<string, number>>): WorstImages | undefined {
    const { task } = this;
    if (task === undefined) return undefined;
    const threshold = task === 'object detection' ? operatingThreshold(metrics) : undefined;
    const kept = threshold === undefined ? this.kept : [];
    if (threshold !== undefined) {
      for (const image of this.detections) keepLowest(kept, judgeDetection(image, threshold), this.count);
    }
    return {
      task,
      criterion: CRITERIA[task](threshold ?? 0),
      ...(threshold === undefined ? {} : { scoreThreshold: threshold }),
      items: kept.map(({ image, score, note }) => ({ ...image, score, note: note(classes) })),
    };
  }
}
