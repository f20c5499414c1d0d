// Sampling onto the input grid through an InputFit: images by a linear filter, masks by nearest neighbour.
// Both find the original point under an input pixel's centre the same way, which is what keeps a mask
// aligned with its image.
import type { AxisMap, InputFit } from './fit';

/** 8-bit RGB, row-major, 3 bytes a pixel. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The original coordinate under the centre of input pixel `input`. */
function originalAt(input: number, map: AxisMap): number {
  return (input + 0.5 - map.offset) / map.scale;
}

/** For each output pixel of an axis, `count` source indices (clamped to the edge) and normalised weights. */
interface AxisTaps {
  readonly count: number;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
}

/**
 * A triangle filter: plain linear interpolation when enlarging, and when shrinking a triangle widened to
 * cover every source pixel (as Pillow does), so that shrinking does not alias.
 */
function axisTaps(
  start: number,
  length: number,
  map: AxisMap,
  sourcePerOriginal: number,
  sourceLength: number,
): AxisTaps {
  const outputPerSource = Math.abs(map.scale) / sourcePerOriginal;
  const radius = outputPerSource < 1 ? 1 / outputPerSource : 1;
  const count = Math.ceil(2 * radius) + 1;
  const indices = new Int32Array(length * count);
  const weights = new Float64Array(length * count);
  for (let output = 0; output < length; output++) {
    const centre = originalAt(start + output, map) * sourcePerOriginal - 0.5;
    const first = Math.floor(centre - radius) + 1;
    let total = 0;
    for (let tap = 0; tap < count; tap++) {
      const source = first + tap;
      const weight = Math.max(0, 1 - Math.abs(source - centre) / radius);
      indices[output * count + tap] = Math.min(sourceLength - 1, Math.max(0, source));
      weights[output * count + tap] = weight;
      total += weight;
    }
    for (let tap = 0; tap < count; tap++)
      weights[output * count + tap] = (weights[output * count + tap] ?? 0) / total;
  }
  return { count, indices, weights };
}

/**
 * Writes the image into its region of one input, as floats in [0, 1] starting at `offset` in `target`
 * (inputSize * inputSize * 3 floats). `source` is the original image at any resolution, covering all of it.
 */
export function resampleImage(
  source: RgbImage,
  fit: InputFit,
  originalWidth: number,
  originalHeight: number,
  inputSize: number,
  target: Float32Array,
  offset: number,
): void {
  const { region } = fit;
  const columns = axisTaps(region.x, region.width, fit.x, source.width / originalWidth, source.width);
  const rows = axisTaps(region.y, region.height, fit.y, source.height / originalHeight, source.height);
  let firstRow = source.height;
  let lastRow = 0;
  for (const row of rows.indices) {
    firstRow = Math.min(firstRow, row);
    lastRow = Math.max(lastRow, row);
  }
  // Horizontal pass over the source rows the vertical pass reads.
  const rowStride = region.width * 3;
  const horizontal = new Float32Array((lastRow - firstRow + 1) * rowStride);
  const { data } = source;
  const sourceStride = source.width * 3;
  const columnOffsets = columns.indices.map((index) => index * 3);
  for (let row = firstRow; row <= lastRow; row++) {
    const sourceRow = row * sourceStride;
    let out = (row - firstRow) * rowStride;
    for (let at = 0; at < columnOffsets.length; at += columns.count) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let tap = at; tap < at + columns.count; tap++) {
        const weight = columns.weights[tap] ?? 0;
        const pixel = sourceRow + (columnOffsets[tap] ?? 0);
        red += (data[pixel] ?? 0) * weight;
        green += (data[pixel + 1] ?? 0) * weight;
        blue += (data[pixel + 2] ?? 0) * weight;
      }
      horizontal[out++] = red;
      horizontal[out++] = green;
      horizontal[out++] = blue;
    }
  }
  // Vertical pass: each output row is a weighted sum of whole horizontal rows.
  const sum = new Float32Array(rowStride);
  for (let row = 0; row < region.height; row++) {
    sum.fill(0);
    for (let tap = row * rows.count; tap < (row + 1) * rows.count; tap++) {
      const weight = (rows.weights[tap] ?? 0) / 255;
      if (weight === 0) continue;
      const from = ((rows.indices[tap] ?? 0) - firstRow) * rowStride;
      for (let value = 0; value < rowStride; value++)
        sum[value] = (sum[value] ?? 0) + (horizontal[from + value] ?? 0) * weight;
    }
    target.set(sum, offset + ((region.y + row) * inputSize + region.x) * 3);
  }
}

/** The original pixel under the centre of each input pixel of an axis's region. */
function nearestPixels(start: number, length: number, map: AxisMap, originalLength: number): Int32Array {
  const pixels = new Int32Array(length);
  for (let output = 0; output < length; output++) {
    pixels[output] = Math.min(originalLength - 1, Math.max(0, Math.floor(originalAt(start + output, map))));
  }
  return pixels;
}

/** Writes a mask (original size) into its region of one input mask starting at `offset` in `target`. */
export function resampleMask(
  mask: Uint8Array,
  fit: InputFit,
  originalWidth: number,
  originalHeight: number,
  inputSize: number,
  target: Uint8Array,
  offset: number,
): void {
  const { region } = fit;
  const columns = nearestPixels(region.x, region.width, fit.x, originalWidth);
  const rows = nearestPixels(region.y, region.height, fit.y, originalHeight);
  for (let row = 0; row < region.height; row++) {
    const sourceRow = (rows[row] ?? 0) * originalWidth;
    const outputRow = offset + (region.y + row) * inputSize + region.x;
    for (let column = 0; column < region.width; column++) {
      target[outputRow + column] = mask[sourceRow + (columns[column] ?? 0)] ?? 0;
    }
  }
}
