import { TASK_TYPES } from '../../core/names';
import type { Prediction } from '../../metrics/predictions';
import { classTitle, labelCounts, topClass } from './scores';

// One line per image for the terminal: what the model saw, at a glance.

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** Names with their counts (or shares), largest first, ties in class order. */
function ranked(totals: Map<number, number>, classes: readonly string[], format: (value: number) => string) {
  return [...totals]
    .sort(([a, countA], [b, countB]) => countB - countA || a - b)
    .map(([index, value]) => `${classTitle(classes, index)} ${format(value)}`)
    .join(', ');
}

/**
 * Classification: the top class and its probability. Detection: the number of boxes and how many of each
 * class. Segmentation: the classes present and the share of the image each covers.
 */
export function summarizePrediction(prediction: Prediction, classes: readonly string[]): string {
  switch (prediction.task) {
    case TASK_TYPES.classification: {
      const best = topClass(prediction.scores);
      return `${classTitle(classes, best.index)} ${best.score.toFixed(2)}`;
    }
    case TASK_TYPES.objectDetection: {
      const { boxes } = prediction;
      if (boxes.length === 0) return 'no boxes';
      const counts = new Map<number, number>();
      for (const box of boxes) counts.set(box.classIndex, (counts.get(box.classIndex) ?? 0) + 1);
      return `${String(boxes.length)} box${boxes.length === 1 ? '' : 'es'}: ${ranked(counts, classes, String)}`;
    }
    case TASK_TYPES.semanticSegmentation: {
      const counts = labelCounts(prediction.mask);
      const pixels = new Map<number, number>();
      counts.forEach((count, label) => {
        if (label !== 0 && count > 0) pixels.set(label - 1, count);
      });
      if (pixels.size === 0) return 'background only';
      const area = prediction.mask.length;
      return ranked(pixels, classes, (count) => percent(count / area));
    }
  }
}
