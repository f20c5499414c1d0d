import type { Box } from './predictions';

export function boxArea(box: Box): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

function intersectionArea(a: Box, b: Box): number {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Intersection over union. Against a crowd region the union is the detection's own area, as pycocotools
 * computes it: a detection inside a crowd overlaps it fully however large the crowd is.
 */
export function boxIou(detection: Box, truth: Box, truthIsCrowd = false): number {
  const intersection = intersectionArea(detection, truth);
  if (intersection === 0) return 0;
  const union = truthIsCrowd ? boxArea(detection) : boxArea(detection) + boxArea(truth) - intersection;
  return intersection / union;
}
