// Image dimensions from the file header alone: a reader needs the size of thousands of images, and
// decoding their pixels would cost a hundred times more. Sizes are as stored; EXIF orientation is ignored,
// as annotation tools do when they record the size.
import fs from 'node:fs';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.bmp',
  '.tif',
  '.tiff',
]);

/** Enough for every header except a JPEG whose metadata comes before its frame header. */
const HEAD_BYTES = 512;

/** Reused by every read: sizes are taken out of it before the next file is opened. */
const sharedHead = Buffer.alloc(HEAD_BYTES);

/** Random access to the start of a file, reading further only when a header points further. */
class HeaderBytes {
  private readonly head: Buffer;

  constructor(private readonly fd: number) {
    this.head = sharedHead.subarray(0, fs.readSync(fd, sharedHead, 0, HEAD_BYTES, 0));
  }

  /** `length` bytes at `offset`, shorter at the end of the file. */
  at(offset: number, length: number): Buffer {
    if (offset + length <= this.head.length) return this.head.subarray(offset, offset + length);
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, fs.readSync(this.fd, buffer, 0, length, offset));
  }
}

function ascii(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('latin1', start, end);
}

function pngSize(head: Buffer): ImageSize | undefined {
  if (head.length < 24 || ascii(head, 12, 16) !== 'IHDR') return undefined;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

const JPEG_STANDALONE_MARKERS = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]);
const JPEG_END_OF_IMAGE = 0xd9;
const JPEG_START_OF_SCAN = 0xda;

/** Frame headers: SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function isJpegFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: HeaderBytes): ImageSize | undefined {
  let offset = 2;
  for (;;) {
    const markerBytes = bytes.at(offset, 2);
    if (markerBytes.length < 2 || markerBytes[0] !== 0xff) return undefined;
    const marker = markerBytes[1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
    } else if (JPEG_STANDALONE_MARKERS.has(marker)) {
      offset += 2;
    } else if (marker === JPEG_END_OF_IMAGE || marker === JPEG_START_OF_SCAN) {
      return undefined;
    } else {
      const segment = bytes.at(offset + 2, 7);
      if (segment.length < 2) return undefined;
      if (isJpegFrameHeader(marker)) {
        if (segment.length < 7) return undefined;
        return { width: segment.readUInt16BE(5), height: segment.readUInt16BE(3) };
      }
      offset += 2 + segment.readUInt16BE(0);
    }
  }
}

/** Each WebP form keeps its size in the first bytes of its first chunk, which starts at byte 20. */
function webpSize(head: Buffer): ImageSize | undefined {
  const form = ascii(head, 12, 16);
  if (form === 'VP8 ' && head.length >= 30) {
    return { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff };
  }
  if (form === 'VP8L' && head.length >= 25) {
    const bits = head.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (form === 'VP8X' && head.length >= 30) {
    return { width: head.readUIntLE(24, 3) + 1, height: head.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

const BMP_CORE_HEADER_SIZE = 12;

function bmpSize(head: Buffer): ImageSize | undefined {
  if (head.length < 26) return undefined;
  if (head.readUInt32LE(14) === BMP_CORE_HEADER_SIZE) {
    return { width: head.readUInt16LE(18), height: head.readUInt16LE(20) };
  }
  // A negative height means the rows are stored top-down.
  return { width: Math.abs(head.readInt32LE(18)), height: Math.abs(head.readInt32LE(22)) };
}

const TIFF_IMAGE_WIDTH = 256;
const TIFF_IMAGE_LENGTH = 257;
const TIFF_SHORT = 3;
const TIFF_ENTRY_BYTES = 12;

function tiffSize(bytes: HeaderBytes, head: Buffer): ImageSize | undefined {
  const little = ascii(head, 0, 2) === 'II';
  const u16 = (buffer: Buffer, at: number): number =>
    little ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at);
  const u32 = (buffer: Buffer, at: number): number =>
    little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at);
  const directory = u32(head, 4);
  const countBytes = bytes.at(directory, 2);
  if (countBytes.length < 2) return undefined;
  const entries = bytes.at(directory + 2, u16(countBytes, 0) * TIFF_ENTRY_BYTES);
  let width: number | undefined;
  let height: number | undefined;
  for (let at = 0; at + TIFF_ENTRY_BYTES <= entries.length; at += TIFF_ENTRY_BYTES) {
    const tag = u16(entries, at);
    if (tag !== TIFF_IMAGE_WIDTH && tag !== TIFF_IMAGE_LENGTH) continue;
    const value = u16(entries, at + 2) === TIFF_SHORT ? u16(entries, at + 8) : u32(entries, at + 8);
    if (tag === TIFF_IMAGE_WIDTH) width = value;
    else height = value;
  }
  return width === undefined || height === undefined ? undefined : { width, height };
}

function sizeFromHeader(bytes: HeaderBytes): ImageSize | undefined {
  const head = bytes.at(0, HEAD_BYTES);
  if (head.length < 12) return undefined;
  if (head.readUInt32BE(0) === 0x89504e47) return pngSize(head);
  if (head[0] === 0xff && head[1] === 0xd8) return jpegSize(bytes);
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return webpSize(head);
  if (ascii(head, 0, 2) === 'BM') return bmpSize(head);
  const tiffMagic = ascii(head, 0, 4);
  if (tiffMagic === 'II*\0' || tiffMagic === 'MM\0*') return tiffSize(bytes, head);
  return undefined;
}

/**
 * The width and height recorded in an image file's header, or undefined when the file is not a PNG, JPEG,
 * WebP, BMP or TIFF image (or is too damaged to say). File-system errors, such as a missing file, throw.
 */
export function readImageSize(filePath: string): ImageSize | undefined {
  const fd = fs.openSync(filePath, 'r');
  try {
    const size = sizeFromHeader(new HeaderBytes(fd));
    return size !== undefined && size.width > 0 && size.height > 0 ? size : undefined;
  } finally {
    fs.closeSync(fd);
  }
}
