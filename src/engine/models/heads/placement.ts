// Mapping model-input coordinates back to the original image through the letterbox placement.
import type { Box } from '../../../metrics/predictions';
import type { Placement } from '../../contracts';

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** A box in input pixels as original pixels, clipped to the image; undefined when nothing is left. */
export function boxToOriginal(box: Box, placement: Placement): Box | undefined {
  const { scale, offsetX, offsetY, originalWidth, originalHeight } = placement;
  const x = (value: number) => clamp((value - offsetX) / scale, 0, originalWidth);
  const y = (value: number) => clamp((value - offsetY) / scale, 0, originalHeight);
  const mapped = { x1: x(box.x1), y1: y(box.y1), x2: x(box.x2), y2: y(box.y2) };
  return mapped.x2 > mapped.x1 && mapped.y2 > mapped.y1 ? mapped : undefined;
}

/**
 * The original-size mask of an input-size label map (row-major, `inputSize` square): each original pixel
 * takes the label of the input pixel its centre falls in (nearest neighbour), so the letterbox is cropped.
 */
export function maskToOriginal(
  labels: ArrayLike<number>,
  inputSize: number,
  placement: Placement,
): { width: number; height: number; mask: Uint8Array } {
  const { scale, offsetX, offsetY, originalWidth: width, originalHeight: height } = placement;
  const inputIndex = (position: number, offset: number) =>
    clamp(Math.floor(offset + (position + 0.5) * scale), 0, inputSize - 1);
  const columns = Int32Array.from({ length: width }, (_, x) => inputIndex(x, offsetX));
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const rowStart = inputIndex(y, offsetY) * inputSize;
    for (let x = 0; x < width; x++) mask[y * width + x] = labels[rowStart + (columns[x] ?? 0)] ?? 0;
  }
  return { width, height, mask };
}
