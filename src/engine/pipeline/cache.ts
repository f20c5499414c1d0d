// The on-disk cache of decoded pixels (app_state's cache_project). An entry is named by a hash of everything
// its bytes depend on, so a stale entry is never found rather than having to be invalidated. A file that
// does not check out (truncated, corrupt, another version) is a miss, and is then written again.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ImageSize } from './decode';
import type { RgbImage } from './resample';

/** Bump when the bytes a key stands for change: the decoder's options, the layout below. */
const FORMAT = 'TSP1';
/** FORMAT, then width, height and the CRC-32 of the pixels as little-endian uint32s. */
const HEADER_BYTES = 16;

export interface CacheOptions {
  readonly dir: string;
  /** The data version of the run; entries of other versions are never read. */
  readonly dataHash: string;
}

/** What identifies the source file on disk, besides its path. */
export interface SourceVersion {
  readonly size: number;
  readonly mtimeMs: number;
}

let temporaryCount = 0;

export class PixelCache {
  constructor(private readonly options: CacheOptions) {}

  fileFor(imagePath: string, version: SourceVersion, size: ImageSize): string {
    const key = crypto
      .createHash('sha256')
      .update(
        JSON.stringify([
          FORMAT,
          this.options.dataHash,
          imagePath,
          version.size,
          version.mtimeMs,
          size.width,
          size.height,
        ]),
      )
      .digest('hex');
    return path.join(this.options.dir, `${key}.rgb`);
  }

  /** The cached image, or undefined when there is none that checks out. */
  async read(file: string, size: ImageSize): Promise<RgbImage | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch {
      return undefined;
    }
    const pixels = size.width * size.height * 3;
    if (
      bytes.length !== HEADER_BYTES + pixels ||
      bytes.toString('latin1', 0, 4) !== FORMAT ||
      bytes.readUInt32LE(4) !== size.width ||
      bytes.readUInt32LE(8) !== size.height
    ) {
      return undefined;
    }
    const data = bytes.subarray(HEADER_BYTES);
    if (zlib.crc32(data) !== bytes.readUInt32LE(12)) return undefined;
    return { width: size.width, height: size.height, data };
  }

  /**
   * Writes to a temporary file and renames it into place, so a reader in this or another process never sees
   * half an entry. Failing to write costs only time later, so it is reported, not thrown.
   */
  async write(file: string, image: RgbImage): Promise<boolean> {
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(FORMAT, 0, 'latin1');
    header.writeUInt32LE(image.width, 4);
    header.writeUInt32LE(image.height, 8);
    header.writeUInt32LE(zlib.crc32(image.data), 12);
    temporaryCount += 1;
    const temporary = `${file}.${process.pid}.${temporaryCount}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temporary, Buffer.concat([header, image.data]));
      await fs.rename(temporary, file);
      return true;
    } catch {
      await fs.rm(temporary, { force: true });
      return false;
    }
  }
}
