// Shared by the reader, inspect and hash tests: real temporary folders, small files written by hand, and a
// rasteriser (the fixture generator's) that turns any geometry into the pixels it covers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after } from 'node:test';
import type { Geometry, Mask } from '../../../src/data/model';
import { encodePng } from '../../fixtures/png';
import type { Channels } from '../../fixtures/png';
import { createMask, fillPolygon, fillRectangle, placeMask } from '../../fixtures/raster';

/** A fresh folder under the temp folder, removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ts-${prefix}-`));
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export function writeFile(file: string, contents: string | Uint8Array): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, contents);
  return file;
}

export function writeJson(file: string, value: unknown): string {
  return writeFile(file, JSON.stringify(value, null, 2));
}

/** A grey PNG of the given size: readers only look at its header. */
export function pngImage(width: number, height: number): Buffer {
  return encodePng({ width, height, channels: 1, data: new Uint8Array(width * height).fill(100) });
}

/** A mask as a PNG whose alpha channel (4 channels) or single grey channel (1 channel) holds it. */
export function maskPng(mask: Mask, channels: Extract<Channels, 1 | 4>): Buffer {
  const data = new Uint8Array(mask.data.length * channels);
  mask.data.forEach((value, pixel) => data.fill(value * 255, pixel * channels, (pixel + 1) * channels));
  return encodePng({ width: mask.width, height: mask.height, channels, data });
}

/** Supervisely's usual bitmap payload: base64 of the zlib-compressed PNG. */
export function bitmapData(mask: Mask, channels: Extract<Channels, 1 | 4>): string {
  return zlib.deflateSync(maskPng(mask, channels)).toString('base64');
}

export function maskOf(rows: readonly string[]): Mask {
  const width = rows[0]?.length ?? 0;
  const data = Uint8Array.from(rows.join('').split(''), (char) => (char === '#' ? 1 : 0));
  return { width, height: rows.length, data };
}

/** The pixels a geometry covers in a width × height image; points and lines cover none. */
export function rasterize(geometry: Geometry, width: number, height: number): Mask {
  const mask = createMask(width, height);
  switch (geometry.type) {
    case 'rectangle':
      fillRectangle(mask, geometry);
      return mask;
    case 'polygon':
      fillPolygon(mask, [geometry.exterior, ...geometry.interior]);
      return mask;
    case 'multipolygon':
      fillPolygon(
        mask,
        geometry.parts.flatMap((part) => [part.exterior, ...part.interior]),
      );
      return mask;
    case 'bitmap':
      return placeMask(geometry.mask, geometry.origin, width, height);
    default:
      return mask;
  }
}

/** Inclusive pixel bounds of a mask, as "left,top,right,bottom", or "empty". */
export function boundsOf(mask: Mask): string {
  let left = Infinity;
  let top = Infinity;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x] === 1) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return right < 0 ? 'empty' : `${left},${top},${right},${bottom}`;
}

/** A compact, comparable description of the pixels: bounds and the set pixels' offsets. */
export function pixelKey(mask: Mask): string {
  const set: number[] = [];
  mask.data.forEach((value, index) => {
    if (value === 1) set.push(index);
  });
  return `${boundsOf(mask)}:${set.join(',')}`;
}

/** Every file under a folder with its size and modification time, to prove that nothing was written. */
export function snapshotTree(root: string): string[] {
  const entries: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const stats = fs.statSync(full);
      entries.push(`${path.relative(root, full)} ${stats.size} ${stats.mtimeMs}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(root);
  return entries.sort();
}
