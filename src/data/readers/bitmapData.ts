// Supervisely's bitmap payload: base64 of a zlib-compressed PNG, or (from some exporters) base64 of the PNG
// itself. Decoded once, here, into the mask the index keeps.
import zlib from 'node:zlib';
import type { Mask } from '../model';
import { decodePngMask, PngError } from '../png';
import { InvalidData } from './invalidData';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HINT = 'Re-export the object from the annotation tool, or remove it.';

function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

function pngBytesOf(data: string, where: string): Buffer {
  // Some exporters wrap long base64 lines; most do not, and then there is nothing to copy.
  const compact = BASE64.test(data) ? data : data.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new InvalidData('the bitmap data is not valid base64', { where, hint: HINT });
  }
  const bytes = Buffer.from(compact, 'base64');
  if (isPng(bytes)) return bytes;
  let inflated: Buffer;
  try {
    inflated = zlib.inflateSync(bytes);
  } catch {
    throw new InvalidData('the bitmap data is neither a zlib-compressed PNG nor a PNG', {
      where,
      hint: HINT,
    });
  }
  if (!isPng(inflated)) {
    throw new InvalidData('the bitmap data decompresses to something that is not a PNG', {
      where,
      hint: HINT,
    });
  }
  return inflated;
}

export function decodeBitmapData(data: string, where: string): Mask {
  const png = pngBytesOf(data, where);
  try {
    return decodePngMask(png);
  } catch (error) {
    if (error instanceof PngError) {
      throw new InvalidData(`the bitmap's PNG cannot be decoded: ${error.message}`, { where, hint: HINT });
    }
    throw error;
  }
}
