// CenterNet training targets, built on the host: a Gaussian peak per object on its class's heatmap, and the
// object's log size and sub-cell centre offset at its centre cell, with a mask marking those cells.
import type { TargetBox } from '../../contracts';

export interface CenterNetTargets {
  /** [N, S, S, classes]: 1 at object centres, Gaussian falloff around them. */
  readonly heatmap: Float32Array;
  /** [N, S, S, 2]: log(width / stride), log(height / stride) at centre cells. */
  readonly size: Float32Array;
  /** [N, S, S, 2]: the centre's fractional position within its cell. */
  readonly offset: Float32Array;
  /** [N, S, S, 1]: 1 at centre cells. */
  readonly mask: Float32Array;
}

/**
 * CenterNet's radius (in output cells) within which a corner-shifted box keeps IoU ≥ minOverlap with the
 * true one. It is the reference implementation's formula, quirks included, so peaks match its targets.
 */
export function gaussianRadius(height: number, width: number, minOverlap = 0.7): number {
  const root = (a: number, b: number, c: number) => (b + Math.sqrt(b * b - 4 * a * c)) / 2;
  const r1 = root(1, height + width, (width * height * (1 - minOverlap)) / (1 + minOverlap));
  const r2 = root(4, 2 * (height + width), (1 - minOverlap) * width * height);
  const r3 = root(4 * minOverlap, -2 * minOverlap * (height + width), (minOverlap - 1) * width * height);
  return Math.min(r1, r2, r3);
}

/** Max-combines a (2r+1)² Gaussian with sigma (2r+1)/6 centred on (cx, cy) into one heatmap channel. */
function drawGaussian(
  heatmap: Float32Array,
  cell: (x: number, y: number) => number,
  side: number,
  cx: number,
  cy: number,
  radius: number,
) {
  const sigma = (2 * radius + 1) / 6;
  for (let dy = -radius; dy <= radius; dy++) {
    const y = cy + dy;
    if (y < 0 || y >= side) continue;
    for (let dx = -radius; dx <= radius; dx++) {
      const x = cx + dx;
      if (x < 0 || x >= side) continue;
      const value = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      // The reference zeroes values below float epsilon.
      if (value < Number.EPSILON) continue;
      const index = cell(x, y);
      heatmap[index] = Math.max(heatmap[index] ?? 0, value);
    }
  }
}

/**
 * Targets for a batch of boxes in input pixels, on a square output of side inputSize / stride. Boxes with
 * no area are skipped; when two objects share a centre cell, the later one's size and offset win.
 */
export function centerNetTargets(
  boxes: readonly (readonly TargetBox[])[],
  inputSize: number,
  stride: number,
  numClasses: number,
): CenterNetTargets {
  const side = inputSize / stride;
  const cells = boxes.length * side * side;
  const targets = {
    heatmap: new Float32Array(cells * numClasses),
    size: new Float32Array(cells * 2),
    offset: new Float32Array(cells * 2),
    mask: new Float32Array(cells),
  };
  boxes.forEach((imageBoxes, image) => {
    const cellOf = (x: number, y: number) => (image * side + y) * side + x;
    for (const box of imageBoxes) {
      if (!Number.isInteger(box.classIndex) || box.classIndex < 0 || box.classIndex >= numClasses) {
        throw new Error(`Box class index ${box.classIndex} is outside the model's ${numClasses} classes.`);
      }
      const width = (box.x2 - box.x1) / stride;
      const height = (box.y2 - box.y1) / stride;
      if (!(width > 0 && height > 0)) continue;
      const centerX = (box.x1 + box.x2) / 2 / stride;
      const centerY = (box.y1 + box.y2) / 2 / stride;
      const x = Math.min(side - 1, Math.max(0, Math.floor(centerX)));
      const y = Math.min(side - 1, Math.max(0, Math.floor(centerY)));
      const radius = Math.max(0, Math.floor(gaussianRadius(height, width)));
      const channelCell = (cx: number, cy: number) => cellOf(cx, cy) * numClasses + box.classIndex;
      drawGaussian(targets.heatmap, channelCell, side, x, y, radius);
      const cell = cellOf(x, y);
      targets.size.set([Math.log(width), Math.log(height)], cell * 2);
      targets.offset.set([centerX - x, centerY - y], cell * 2);
      targets.mask[cell] = 1;
    }
  });
  return targets;
}
