// A mask as a 1-bit greyscale PNG, the smallest PNG a mask fits in: what a Supervisely bitmap carries, and
// what png.ts decodePngMask (any non-zero grey is set) and Supervisely's own reader take.
import zlib from 'node:zlib';
import type { Mask } from '../model';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIT_DEPTH = 1;
const COLOR_GREY = 0;

/** Length, type, payload and the CRC-32 of type and payload. */
function chunk(type: string, payload: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), payload]);
  const framed = Buffer.alloc(typed.length + 8);
  framed.writeUInt32BE(payload.length, 0);
  typed.copy(framed, 4);
  framed.writeUInt32BE(zlib.crc32(typed), typed.length + 4);
  return framed;
}

export function encodePngMask(mask: Mask): Buffer {
  const { width, height, data } = mask;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`A PNG mask needs a positive size, not ${String(width)}×${String(height)}.`);
  }
  // Each row: filter type 0 (none), then the pixels packed 8 to a byte, most significant bit first.
  const rowBytes = 1 + Math.ceil(width / 8);
  const rows = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    let at = y * rowBytes + 1;
    let byte = 0;
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] !== 0) byte |= 0x80 >> (x & 7);
      if ((x & 7) === 7 || x === width - 1) {
        rows[at++] = byte;
        byte = 0;
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = BIT_DEPTH;
  header[9] = COLOR_GREY;
  // Bytes 10-12: deflate compression, adaptive filtering, no interlacing, all 0.
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
