// Where an item's pixels come from: the cache when it has them, sharp otherwise. Also decides how large
// the decoded image must be, which is what makes caching training images possible.
import fs from 'node:fs/promises';
import type { DatasetItem } from '../../data/model';
import type { CacheOptions, SourceVersion } from './cache';
import { PixelCache } from './cache';
import { decodeImage, unreadableImage } from './decode';
import type { ImageSize } from './decode';
import type { RgbImage } from './resample';

export interface SourceStats {
  readonly decoded: number;
  readonly cacheHits: number;
  readonly cacheWrites: number;
}

/**
 * The smallest size at which a crop of `minScale` of the area, letterboxed to `inputSize`, still samples at
 * least one source pixel per input pixel: cropping and resizing from it then loses nothing against the
 * full image. Evaluation (minScale 1) gets the image at input size. Images are never enlarged here.
 */
export function sourceSize(width: number, height: number, inputSize: number, minScale: number): ImageSize {
  // The epsilon keeps an exact quotient, such as 64 / √0.25, from rounding up a pixel.
  const longest = Math.ceil(inputSize / Math.sqrt(minScale) - 1e-9);
  const longSide = Math.max(width, height);
  if (longSide <= longest) return { width, height };
  const factor = longest / longSide;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

async function versionOf(imagePath: string): Promise<SourceVersion> {
  try {
    const stats = await fs.stat(imagePath);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    throw unreadableImage(imagePath, error);
  }
}

export class ImageSource {
  private readonly cache: PixelCache | undefined;
  private decoded = 0;
  private cacheHits = 0;
  private cacheWrites = 0;

  constructor(cache: CacheOptions | undefined) {
    this.cache = cache === undefined ? undefined : new PixelCache(cache);
  }

  async load(item: DatasetItem, size: ImageSize): Promise<RgbImage> {
    if (this.cache === undefined) return this.decode(item, size);
    const file = this.cache.fileFor(item.imagePath, await versionOf(item.imagePath), size);
    const cached = await this.cache.read(file, size);
    if (cached !== undefined) {
      this.cacheHits += 1;
      return cached;
    }
    const image = await this.decode(item, size);
    if (await this.cache.write(file, image)) this.cacheWrites += 1;
    return image;
  }

  stats(): SourceStats {
    return { decoded: this.decoded, cacheHits: this.cacheHits, cacheWrites: this.cacheWrites };
  }

  private async decode(item: DatasetItem, size: ImageSize): Promise<RgbImage> {
    const image = await decodeImage(item, size);
    this.decoded += 1;
    return image;
  }
}
