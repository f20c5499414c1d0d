import type { Box } from './predictions';

function boxArea(box: Box): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

function intersectionArea(a: Box, b: Box): number {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  return width > 0 && height > 0 ? width * height : 0;
}

/** Intersection over union. */
export function boxIou(a: Box, b: Box): number {
  const intersection = intersectionArea(a, b);
  if (intersection === 0) return 0;
  return intersection / (boxArea(a) + boxArea(b) - intersection);
}
