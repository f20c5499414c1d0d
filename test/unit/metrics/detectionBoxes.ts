import type { LabelledBox, ScoredBox } from '../../../src/metrics/predictions';

// Small boxes for hand-computed detection cases: 10x10 squares on the x axis unless told otherwise.

const task = 'object detection';

export const truth = (x1: number, classIndex = 0, crowd = false): LabelledBox => ({
  classIndex,
  x1,
  y1: 0,
  x2: x1 + 10,
  y2: 10,
  crowd,
});

export const detection = (x1: number, score: number, classIndex = 0, y2 = 10): ScoredBox => ({
  classIndex,
  score,
  x1,
  y1: 0,
  x2: x1 + 10,
  y2,
});

/** One prediction per argument: the boxes of one image. */
export const predictionsOf = (...images: ScoredBox[][]) => images.map((boxes) => ({ task, boxes }) as const);
export const truthsOf = (...images: LabelledBox[][]) => images.map((boxes) => ({ task, boxes }) as const);
