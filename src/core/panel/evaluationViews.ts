import { CHECKPOINT_NAMES, CHECKPOINT_SIDECAR_EXTENSION } from '../names';
import type { StoredPrCurves } from '../schemas/evaluationFiles';
import type { ArtifactFile } from './views';

// What the Evaluation, Compare and Run cards derive from the host's views before they draw: pure, so that
// it is tested without a browser.

type PrCurve = StoredPrCurves['classes'][number];

/**
 * A class's PR curve as the AP computation sees it: for each distinct recall, the best precision at that
 * recall or any higher one (the interpolated envelope), recall ascending. The raw curve has one point per
 * score with repeated recalls, which a line chart would draw as a zigzag.
 */
export function precisionEnvelope(curve: PrCurve): { recall: number[]; precision: number[] } {
  const points = curve.recall
    .map((recall, index) => ({ recall, precision: curve.precision[index] ?? 0 }))
    .sort((a, b) => b.recall - a.recall);
  const recall: number[] = [];
  const precision: number[] = [];
  let best = 0;
  for (const point of points) {
    best = Math.max(best, point.precision);
    if (recall.at(-1) === point.recall) {
      precision[precision.length - 1] = best;
      continue;
    }
    recall.push(point.recall);
    precision.push(best);
  }
  return { recall: recall.reverse(), precision: precision.reverse() };
}

/** Metrics where less is better; every other metric (AP, accuracy, IoU) is better when higher. */
const LOWER_IS_BETTER = /loss|error|ece|mce/iu;

/** The index of the best value of `metric` among runs (absent values skipped), or undefined when none has it. */
export function bestIndex(metric: string, values: readonly (number | undefined)[]): number | undefined {
  const lower = LOWER_IS_BETTER.test(metric);
  let best: number | undefined;
  values.forEach((value, index) => {
    if (value === undefined) return;
    const current = best === undefined ? undefined : values[best];
    if (current === undefined || (lower ? value < current : value > current)) best = index;
  });
  return best;
}

const CHECKPOINTS_FOLDER = 'checkpoints/';

/** The checkpoint file names among an experiment's files (`best.json`, `last.json`, …): best first, then last. */
export function checkpointChoices(files: readonly ArtifactFile[]): string[] {
  const rank = (name: string): number =>
    name === `${CHECKPOINT_NAMES.best}${CHECKPOINT_SIDECAR_EXTENSION}`
      ? 0
      : name === `${CHECKPOINT_NAMES.last}${CHECKPOINT_SIDECAR_EXTENSION}`
        ? 1
        : 2;
  return files
    .filter((file) => file.relative.startsWith(CHECKPOINTS_FOLDER))
    .map((file) => file.relative.slice(CHECKPOINTS_FOLDER.length))
    .filter((name) => !name.includes('/') && name.endsWith(CHECKPOINT_SIDECAR_EXTENSION))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true }));
}
