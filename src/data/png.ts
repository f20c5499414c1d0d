// A PNG decoder for the masks inside annotations (Supervisely bitmaps), not for training images: every
// colour type, bit depths 1–16 and Adam7 interlacing, into samples a caller can read a mask from.
import zlib from 'node:zlib';
import type { Mask } from './model';

export type PngChannels = 1 | 2 | 3 | 4;

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Grey, grey+alpha, RGB or RGBA; a palette image is expanded to RGB, or RGBA when it has transparency. */
  readonly channels: PngChannels;
  /** Samples, row-major and interleaved: 8-bit (grey of 1–4 bits scaled up to 0–255) or 16-bit. */
  readonly samples: Uint8Array | Uint16Array;
}

export class PngError extends Error {
  override readonly name = 'PngError';
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const COLOR_GREY = 0;
const COLOR_RGB = 2;
const COLOR_PALETTE = 3;
const COLOR_GREY_ALPHA = 4;
const COLOR_RGBA = 6;
const CHANNELS_IN_FILE: Readonly<Record<number, PngChannels>> = {
  [COLOR_GREY]: 1,
  [COLOR_RGB]: 3,
  [COLOR_PALETTE]: 1,
  [COLOR_GREY_ALPHA]: 2,
  [COLOR_RGBA]: 4,
};
const BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  [COLOR_GREY]: [1, 2, 4, 8, 16],
  [COLOR_RGB]: [8, 16],
  [COLOR_PALETTE]: [1, 2, 4, 8],
  [COLOR_GREY_ALPHA]: [8, 16],
  [COLOR_RGBA]: [8, 16],
};

/** Adam7: each pass's first column and row, and its steps. */
const ADAM7 = [
  { x: 0, y: 0, dx: 8, dy: 8 },
  { x: 4, y: 0, dx: 8, dy: 8 },
  { x: 0, y: 4, dx: 4, dy: 8 },
  { x: 2, y: 0, dx: 4, dy: 4 },
  { x: 0, y: 2, dx: 2, dy: 4 },
  { x: 1, y: 0, dx: 2, dy: 2 },
  { x: 0, y: 1, dx: 1, dy: 2 },
] as const;

interface Header {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
  readonly channels: PngChannels;
}

interface Chunks {
  readonly header: Header;
  readonly palette: Uint8Array | undefined;
  readonly transparency: Uint8Array | undefined;
  readonly compressed: Buffer;
}

function readHeader(ihdr: Buffer): Header {
  if (ihdr.length < 13) throw new PngError('the PNG header (IHDR) is truncated');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8] ?? 0;
  const colorType = ihdr[9] ?? 0;
  const channels = CHANNELS_IN_FILE[colorType];
  if (channels === undefined) throw new PngError(`the PNG colour type ${colorType} does not exist`);
  if (!(BIT_DEPTHS[colorType] ?? []).includes(bitDepth)) {
    throw new PngError(`the PNG bit depth ${bitDepth} is invalid for colour type ${colorType}`);
  }
  if (width === 0 || height === 0) throw new PngError(`the PNG is ${width}×${height} pixels`);
  if (ihdr[10] !== 0 || ihdr[11] !== 0)
    throw new PngError('the PNG uses an unknown compression or filter method');
  return { width, height, bitDepth, colorType, interlaced: ihdr[12] === 1, channels };
}

function readChunks(bytes: Uint8Array): Chunks {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || SIGNATURE.some((value, index) => buffer[index] !== value)) {
    throw new PngError('the data is not a PNG (its signature is missing)');
  }
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const data: Buffer[] = [];
  let offset = 8;
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    if (start + length > buffer.length) throw new PngError(`the PNG ${type} chunk is truncated`);
    const payload = buffer.subarray(start, start + length);
    if (type === 'IHDR') header = readHeader(payload);
    else if (type === 'PLTE') palette = payload;
    else if (type === 'tRNS') transparency = payload;
    else if (type === 'IDAT') data.push(payload);
    else if (type === 'IEND') break;
    offset = start + length + 4; // and the CRC
  }
  if (header === undefined) throw new PngError('the PNG has no header (IHDR)');
  if (data.length === 0) throw new PngError('the PNG has no image data (IDAT)');
  if (header.colorType === COLOR_PALETTE && palette === undefined) {
    throw new PngError('the PNG is a palette image without a palette (PLTE)');
  }
  return { header, palette, transparency, compressed: Buffer.concat(data) };
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** Byte `index` of `raw`; the readers below stay within bounds, so this only satisfies the type checker. */
function at(raw: Uint8Array, index: number): number {
  return raw[index] ?? 0;
}

/** Undoes one row's filter in place. `previous` is the start of the row above, or -1 on the first row. */
function unfilterRow(
  raw: Uint8Array,
  filter: number,
  line: number,
  previous: number,
  rowBytes: number,
  pixelBytes: number,
): void {
  const end = line + rowBytes;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let index = line + pixelBytes; index < end; index++)
        raw[index] = at(raw, index) + at(raw, index - pixelBytes);
      return;
    case 2:
      if (previous < 0) return;
      for (let index = 0; index < rowBytes; index++)
        raw[line + index] = at(raw, line + index) + at(raw, previous + index);
      return;
    case 3:
      for (let index = 0; index < rowBytes; index++) {
        const left = index >= pixelBytes ? at(raw, line + index - pixelBytes) : 0;
        const up = previous < 0 ? 0 : at(raw, previous + index);
        raw[line + index] = at(raw, line + index) + ((left + up) >>> 1);
      }
      return;
    case 4:
      for (let index = 0; index < rowBytes; index++) {
        const hasLeft = index >= pixelBytes;
        const left = hasLeft ? at(raw, line + index - pixelBytes) : 0;
        const up = previous < 0 ? 0 : at(raw, previous + index);
        const upLeft = previous < 0 || !hasLeft ? 0 : at(raw, previous + index - pixelBytes);
        raw[line + index] = at(raw, line + index) + paeth(left, up, upLeft);
      }
      return;
    default:
      throw new PngError(`the PNG has an unknown row filter type ${filter}`);
  }
}

/** Undoes the per-row filters of one (sub)image in place; returns the offset just past its rows. */
function unfilter(
  raw: Uint8Array,
  start: number,
  rowBytes: number,
  rows: number,
  pixelBytes: number,
): number {
  let offset = start;
  for (let row = 0; row < rows; row++) {
    const line = offset + 1;
    unfilterRow(raw, at(raw, offset), line, row === 0 ? -1 : line - rowBytes - 1, rowBytes, pixelBytes);
    offset = line + rowBytes;
  }
  return offset;
}

/** Reads one sample of `bitDepth` bits from an unfiltered row. */
function sampleAt(raw: Uint8Array, line: number, index: number, bitDepth: number): number {
  if (bitDepth === 8) return raw[line + index] ?? 0;
  if (bitDepth === 16) return ((raw[line + 2 * index] ?? 0) << 8) | (raw[line + 2 * index + 1] ?? 0);
  const bit = index * bitDepth;
  const byte = raw[line + (bit >>> 3)] ?? 0;
  return (byte >>> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
}

interface Pass {
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
}

const WHOLE_IMAGE: readonly Pass[] = [{ x: 0, y: 0, dx: 1, dy: 1 }];

/** The samples as stored (palette indices not yet looked up), placed pass by pass. */
function storedSamples(chunks: Chunks): Uint8Array | Uint16Array {
  const { width, height, bitDepth, channels, interlaced } = chunks.header;
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(chunks.compressed);
  } catch (error) {
    throw new PngError(`the PNG image data does not decompress (${(error as Error).message})`);
  }
  const pixelBytes = Math.max(1, (channels * bitDepth) >>> 3);
  const passes = (interlaced ? ADAM7 : WHOLE_IMAGE)
    .map((pass) => {
      const passWidth = Math.ceil((width - pass.x) / pass.dx);
      const passHeight = Math.ceil((height - pass.y) / pass.dy);
      const rowBytes = Math.ceil((passWidth * channels * bitDepth) / 8);
      return { x: pass.x, y: pass.y, dx: pass.dx, dy: pass.dy, passWidth, passHeight, rowBytes };
    })
    .filter((pass) => pass.passWidth > 0 && pass.passHeight > 0);
  // Checked before allocating, so that a damaged header cannot ask for gigabytes.
  const expected = passes.reduce((sum, pass) => sum + pass.passHeight * (pass.rowBytes + 1), 0);
  if (raw.length < expected) throw new PngError('the PNG image data is shorter than its size');
  const pixels = width * height * channels;
  const samples = bitDepth === 16 ? new Uint16Array(pixels) : new Uint8Array(pixels);
  let offset = 0;
  for (const pass of passes) {
    const { passWidth, passHeight, rowBytes } = pass;
    const start = offset;
    offset = unfilter(raw, start, rowBytes, passHeight, pixelBytes);
    for (let row = 0; row < passHeight; row++) {
      const line = start + row * (rowBytes + 1) + 1;
      const y = pass.y + row * pass.dy;
      // The common case, whole 8-bit rows, is a copy.
      if (bitDepth === 8 && pass.dx === 1) {
        samples.set(raw.subarray(line, line + rowBytes), y * width * channels);
        continue;
      }
      for (let column = 0; column < passWidth; column++) {
        const target = (y * width + pass.x + column * pass.dx) * channels;
        for (let channel = 0; channel < channels; channel++) {
          samples[target + channel] = sampleAt(raw, line, column * channels + channel, bitDepth);
        }
      }
    }
  }
  return samples;
}

function expandPalette(chunks: Chunks, indices: Uint8Array): DecodedPng {
  const { width, height } = chunks.header;
  const palette = chunks.palette ?? new Uint8Array();
  const alpha = chunks.transparency;
  const channels: PngChannels = alpha === undefined ? 3 : 4;
  const samples = new Uint8Array(indices.length * channels);
  for (let pixel = 0; pixel < indices.length; pixel++) {
    const index = indices[pixel] ?? 0;
    if (3 * index + 2 >= palette.length)
      throw new PngError(`the PNG uses palette entry ${index}, which is missing`);
    samples.set(palette.subarray(3 * index, 3 * index + 3), pixel * channels);
    // Entries past the end of tRNS are opaque.
    if (alpha !== undefined) samples[pixel * channels + 3] = alpha[index] ?? 255;
  }
  return { width, height, channels, samples };
}

/** Decodes a PNG; throws PngError, with a reason, when it is not a valid one. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const chunks = readChunks(bytes);
  const { width, height, bitDepth, colorType, channels } = chunks.header;
  const samples = storedSamples(chunks);
  if (colorType === COLOR_PALETTE) return expandPalette(chunks, samples as Uint8Array);
  if (bitDepth < 8) {
    const scale = 255 / ((1 << bitDepth) - 1);
    for (let index = 0; index < samples.length; index++) samples[index] = (samples[index] ?? 0) * scale;
  }
  return { width, height, channels, samples };
}

/**
 * A bitmap annotation's mask: the alpha channel when the PNG has one, else its single grey channel; any
 * non-zero value is set. An opaque colour PNG has no mask, so it is an error (as in Supervisely).
 */
export function decodePngMask(bytes: Uint8Array): Mask {
  const png = decodePng(bytes);
  if (png.channels === 3) {
    throw new PngError('the PNG is an opaque colour image; a mask must have an alpha channel or one channel');
  }
  const maskChannel = png.channels - 1;
  const { width, height, channels, samples } = png;
  const data = new Uint8Array(width * height);
  for (let pixel = 0; pixel < data.length; pixel++) {
    data[pixel] = samples[pixel * channels + maskChannel] === 0 ? 0 : 1;
  }
  return { width, height, data };
}
