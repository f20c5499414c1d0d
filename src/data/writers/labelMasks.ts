// A label map (one class value per pixel) split into one mask per value, each cropped to its pixels: the
// bitmaps a semantic mask becomes in formats that store objects, such as Supervisely's.
import type { PlacedMask } from '../rle';

export interface LabelMap {
  readonly width: number;
  readonly height: number;
  /** width * height values, row-major. */
  readonly labels: Uint8Array;
}

const VALUES = 256;

/**
 * Every value present except `background`, in increasing order, with its cropped mask. Two passes over the
 * pixels, whatever the number of values: label maps are as large as photos.
 */
export function labelMasks(map: LabelMap, background = 0): Map<number, PlacedMask> {
  const { width, height, labels } = map;
  if (labels.length !== width * height) {
    throw new RangeError(
      `A ${String(width)}×${String(height)} label map needs ${String(width * height)} values.`,
    );
  }
  const left = new Int32Array(VALUES).fill(width);
  const right = new Int32Array(VALUES).fill(-1);
  const top = new Int32Array(VALUES).fill(height);
  const bottom = new Int32Array(VALUES).fill(-1);
  for (let y = 0, pixel = 0; y < height; y++) {
    for (let x = 0; x < width; x++, pixel++) {
      const label = labels[pixel] ?? background;
      if (x < (left[label] ?? 0)) left[label] = x;
      if (x > (right[label] ?? 0)) right[label] = x;
      if (y < (top[label] ?? 0)) top[label] = y;
      bottom[label] = y;
    }
  }
  const masks: (PlacedMask | undefined)[] = [];
  for (let label = 0; label < VALUES; label++) {
    const x0 = left[label] ?? 0;
    const y0 = top[label] ?? 0;
    if (label === background || (right[label] ?? -1) < 0) continue;
    const maskWidth = (right[label] ?? 0) - x0 + 1;
    const maskHeight = (bottom[label] ?? 0) - y0 + 1;
    masks[label] = {
      origin: [x0, y0],
      mask: { width: maskWidth, height: maskHeight, data: new Uint8Array(maskWidth * maskHeight) },
    };
  }
  for (let y = 0, pixel = 0; y < height; y++) {
    for (let x = 0; x < width; x++, pixel++) {
      const placed = masks[labels[pixel] ?? background];
      if (placed === undefined) continue;
      const [x0, y0] = placed.origin;
      placed.mask.data[(y - y0) * placed.mask.width + x - x0] = 1;
    }
  }
  return new Map(masks.flatMap((placed, label) => (placed === undefined ? [] : [[label, placed] as const])));
}
