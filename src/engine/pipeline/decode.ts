// Decoding with sharp (libvips, off the main thread): any image the readers accept, as 8-bit RGB at the size
// asked for. Transparency is flattened onto the letterbox grey; EXIF orientation is ignored, as the readers
// and the annotation tools ignore it.
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { DatasetError } from '../../data/errors';
import type { DatasetItem } from '../../data/model';
import type { RgbImage } from './resample';

/** The letterbox padding, as YOLO pads: grey 114 of 255. */
export const PAD_GREY = 114;

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** The error for an image file that cannot be read at all. */
export function unreadableImage(imagePath: string, error: unknown): DatasetError {
  return new DatasetError({
    file: imagePath,
    message: `cannot read the image (${reason(error)})`,
    hint: 'Restore the image, or read the dataset again.',
  });
}

/** The item's image at `size` (a plain decode when that is its own size, else a lanczos3 resize). */
export async function decodeImage(item: DatasetItem, size: ImageSize): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(item.imagePath);
  } catch (error) {
    throw unreadableImage(item.imagePath, error);
  }
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  let stored: sharp.Metadata;
  try {
    const image = sharp(bytes);
    stored = await image.metadata();
    decoded = await image
      .flatten({ background: { r: PAD_GREY, g: PAD_GREY, b: PAD_GREY } })
      .toColourspace('srgb')
      .resize(size.width, size.height, { fit: 'fill' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new DatasetError({
      file: item.imagePath,
      message: `cannot decode the image (${reason(error)})`,
      hint: 'The file is damaged or not an image: replace it, or remove it from the dataset.',
    });
  }
  if (stored.width !== item.width || stored.height !== item.height) {
    throw new DatasetError({
      file: item.imagePath,
      message: `the image is ${stored.width}×${stored.height}, but its annotation is for ${item.width}×${item.height}`,
      hint: 'The image changed after the dataset was read: read the dataset again.',
    });
  }
  if (decoded.info.channels !== 3) {
    throw new DatasetError({
      file: item.imagePath,
      message: `the image decodes to ${decoded.info.channels} channels instead of RGB`,
      hint: 'Save it as an RGB or greyscale PNG or JPEG.',
    });
  }
  return { width: decoded.info.width, height: decoded.info.height, data: decoded.data };
}
