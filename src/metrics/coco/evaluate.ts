// The COCO box evaluation as a whole: match, then accumulate. What pycocotools computes with
// COCOeval(gt, dt, 'bbox').evaluate(); .accumulate(); .summarize().
import { accumulate, summaryStats, type Accumulated } from './accumulate';
import type { CocoBoxes } from './boxes';
import { matchDetections, type Matches } from './match';

export interface CocoBoxEvaluation {
  readonly matches: Matches;
  readonly accumulated: Accumulated;
  /** COCOeval.stats: AP, AP50, AP75, AP small/medium/large, AR1, AR10, AR100, AR small/medium/large. */
  readonly stats: readonly number[];
}

export function evaluateCocoBoxes(boxes: CocoBoxes): CocoBoxEvaluation {
  const matches = matchDetections(boxes);
  const accumulated = accumulate(matches, boxes.detections.score, boxes.categoryCount);
  return { matches, accumulated, stats: summaryStats(accumulated) };
}
