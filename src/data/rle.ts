// COCO run-length encoding. Runs go down each column in turn (column-major), alternate 0 and 1 and
// start with a run of zeros, which may be empty. The compressed string form stores each count, or for
// the fourth count on its difference from the count two before, in 5-bit groups, least significant
// first, with 0x20 meaning "more groups follow" and 0x10 in the last group the sign; each group is
// offset by 48 so the string stays printable.
import type { Mask, Point } from './model';

export interface Rle {
  /** [height, width] of the whole image. */
  readonly size: readonly [height: number, width: number];
  readonly counts: readonly number[] | string;
}

export interface UncompressedRle {
  readonly size: [height: number, width: number];
  readonly counts: number[];
}

/** A mask cropped to the bounding box of its set pixels, and where that box sits in the image. */
export interface PlacedMask {
  readonly origin: Point;
  readonly mask: Mask;
}

const GROUP_BITS = 5;
const GROUP = 2 ** GROUP_BITS;
const VALUE_MASK = 0x1f;
const SIGN_BIT = 0x10;
const MORE_BIT = 0x20;
const CHAR_OFFSET = 48;

/** Why an RLE cannot be decoded; readers turn it into a DataProblem at the annotation's JSON path. */
export class RleError extends Error {
  override readonly name = 'RleError';
}

export function compressRleCounts(counts: readonly number[]): string {
  const chars: number[] = [];
  for (let index = 0; index < counts.length; index++) {
    // Deltas start at the fourth count: the first three are written as they are.
    let value = (counts[index] ?? 0) - (index > 2 ? (counts[index - 2] ?? 0) : 0);
    let more = true;
    while (more) {
      // Arithmetic rather than bitwise operators: counts of large images exceed 32 bits in the deltas' sum.
      const group = ((value % GROUP) + GROUP) % GROUP;
      value = Math.floor(value / GROUP);
      more = (group & SIGN_BIT) !== 0 ? value !== -1 : value !== 0;
      chars.push((more ? group | MORE_BIT : group) + CHAR_OFFSET);
    }
  }
  return String.fromCharCode(...chars);
}

export function decompressRleCounts(text: string): number[] {
  const counts: number[] = [];
  let position = 0;
  while (position < text.length) {
    let value = 0;
    let scale = 1;
    let more = true;
    while (more) {
      if (position >= text.length) throw new RleError('the compressed RLE string ends inside a count');
      const group = text.charCodeAt(position) - CHAR_OFFSET;
      if (group < 0 || group > VALUE_MASK + MORE_BIT) {
        throw new RleError(`the compressed RLE string has an invalid character at offset ${position}`);
      }
      position++;
      value += (group & VALUE_MASK) * scale;
      scale *= GROUP;
      more = (group & MORE_BIT) !== 0;
      if (!more && (group & SIGN_BIT) !== 0) value -= scale;
    }
    const index = counts.length;
    counts.push(index > 2 ? value + (counts[index - 2] ?? 0) : value);
  }
  return counts;
}

function countsOf(rle: Rle): readonly number[] {
  const counts = typeof rle.counts === 'string' ? decompressRleCounts(rle.counts) : rle.counts;
  const [height, width] = rle.size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new RleError(`the RLE size [${height}, ${width}] is not two whole numbers`);
  }
  let total = 0;
  for (const count of counts) {
    if (!Number.isInteger(count) || count < 0)
      throw new RleError(`the RLE count ${count} is not a whole number`);
    total += count;
  }
  if (total !== height * width) {
    throw new RleError(`the RLE counts add up to ${total}, not height × width = ${height * width}`);
  }
  return counts;
}

/** Where runs are painted: a row-major buffer `width` wide whose top-left is image pixel (left, top). */
interface Canvas {
  readonly width: number;
  readonly data: Uint8Array;
  readonly left: number;
  readonly top: number;
}

/** Sets the pixels of the 1-runs, a column piece at a time rather than dividing per pixel. */
function paintRuns(counts: readonly number[], height: number, canvas: Canvas): void {
  const { width, data, left, top } = canvas;
  let start = 0;
  for (let index = 0; index < counts.length; index++) {
    const end = start + (counts[index] ?? 0);
    if (index % 2 === 1) {
      let offset = start;
      while (offset < end) {
        const column = Math.floor(offset / height);
        const stop = Math.min(end, (column + 1) * height);
        const x = column - left;
        for (let y = offset - column * height - top, last = y + stop - offset; y < last; y++) {
          data[y * width + x] = 1;
        }
        offset = stop;
      }
    }
    start = end;
  }
}

/** The whole-image mask of an RLE. Throws RleError when the counts do not cover the image exactly. */
export function decodeRle(rle: Rle): Mask {
  const [height, width] = rle.size;
  const counts = countsOf(rle);
  const data = new Uint8Array(width * height);
  paintRuns(counts, height, { width, data, left: 0, top: 0 });
  return { width, height, data };
}

/**
 * The mask of an RLE cropped to its set pixels, or undefined when none is set. A reader stores this rather
 * than the whole-image mask: 100k annotations of full-size masks would not fit in memory.
 */
export function decodeRleCropped(rle: Rle): PlacedMask | undefined {
  const height = rle.size[0];
  const counts = countsOf(rle);
  let left = Infinity;
  let right = -1;
  let top = Infinity;
  let bottom = -1;
  let start = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] ?? 0;
    if (index % 2 === 1 && count > 0) {
      const end = start + count - 1;
      const firstColumn = Math.floor(start / height);
      const lastColumn = Math.floor(end / height);
      left = Math.min(left, firstColumn);
      right = Math.max(right, lastColumn);
      // A run that wraps into the next column covers that column's top and the previous one's bottom.
      top = Math.min(top, firstColumn === lastColumn ? start % height : 0);
      bottom = Math.max(bottom, firstColumn === lastColumn ? end % height : height - 1);
    }
    start += count;
  }
  if (right < 0) return undefined;
  const width = right - left + 1;
  const cropHeight = bottom - top + 1;
  const data = new Uint8Array(width * cropHeight);
  paintRuns(counts, height, { width, data, left, top });
  return { origin: [left, top], mask: { width, height: cropHeight, data } };
}

/** The uncompressed RLE of a whole-image mask. */
export function encodeRle(mask: Mask): UncompressedRle {
  const { width, height, data } = mask;
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const value = data[y * width + x] === 0 ? 0 : 1;
      if (value !== current) {
        counts.push(run);
        current = value;
        run = 0;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}
