// The data version of a run: one sha256 over the image bytes and annotations of the items it uses. Image
// hashes are cached by path, size and modification time, so hashing a large dataset again reads no images.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from './atomicWrite';
import { DatasetError } from './errors';
import type { DatasetItem, DatasetObject, Geometry, Point, Tag } from './model';
import { isInsideFolder, posixRelative, realPathOf } from './paths';

export interface HashOptions {
  /** The dataset's folder; image paths enter the hash relative to it, so it is the same on every machine. */
  readonly root: string;
  /** Where to keep the image-hash cache: outside the dataset, which Train Studio never writes into. */
  readonly cacheFile: string;
}

const CACHE_VERSION = 1;

/** Absolute image path → [size, mtimeMs, sha256]. */
type CacheEntries = Record<string, [size: number, mtimeMs: number, sha256: string]>;

function isEntry(value: unknown): value is CacheEntries[string] {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'string'
  );
}

/** A missing, unreadable or outdated cache is an empty one: the cache only ever saves time. */
function loadCache(cacheFile: string): CacheEntries {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || !('version' in parsed) || !('files' in parsed))
    return {};
  if (parsed.version !== CACHE_VERSION || typeof parsed.files !== 'object' || parsed.files === null)
    return {};
  const entries: CacheEntries = {};
  for (const [file, entry] of Object.entries(parsed.files)) if (isEntry(entry)) entries[file] = entry;
  return entries;
}

function imageHash(imagePath: string, cache: CacheEntries): { sha256: string; changed: boolean } {
  let stats: fs.Stats;
  let bytes: Buffer;
  try {
    stats = fs.statSync(imagePath);
    const cached = cache[imagePath];
    if (cached?.[0] === stats.size && cached[1] === stats.mtimeMs) {
      return { sha256: cached[2], changed: false };
    }
    bytes = fs.readFileSync(imagePath);
  } catch (error) {
    throw new DatasetError({
      file: imagePath,
      message: `cannot read the image to hash it (${error instanceof Error ? error.message : String(error)})`,
      hint: 'Restore the image, or read the dataset again.',
    });
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  cache[imagePath] = [stats.size, stats.mtimeMs, sha256];
  return { sha256, changed: true };
}

function pointsText(points: readonly Point[]): string {
  return points.map(([x, y]) => `${x},${y}`).join(' ');
}

/** JSON, so that no name or value can run into the next. */
function tagsText(tags: readonly Tag[]): string {
  return JSON.stringify(tags.map((tag) => [tag.name, tag.value ?? null]));
}

/** Spelled out per type rather than JSON.stringify, so the text cannot depend on property order. */
function updateWithGeometry(hash: crypto.Hash, geometry: Geometry): void {
  switch (geometry.type) {
    case 'rectangle':
      hash.update(`rectangle ${geometry.left} ${geometry.top} ${geometry.right} ${geometry.bottom}`);
      return;
    case 'polygon':
      hash.update(`polygon ${[geometry.exterior, ...geometry.interior].map(pointsText).join(' | ')}`);
      return;
    case 'multipolygon':
      hash.update('multipolygon');
      for (const part of geometry.parts)
        hash.update(` / ${[part.exterior, ...part.interior].map(pointsText).join(' | ')}`);
      return;
    case 'bitmap':
      hash.update(`bitmap ${pointsText([geometry.origin])} ${geometry.mask.width}x${geometry.mask.height} `);
      hash.update(geometry.mask.data);
      return;
    case 'line':
      hash.update(`line ${pointsText(geometry.points)}`);
      return;
    case 'point':
      hash.update(`point ${geometry.x},${geometry.y}`);
      return;
    case 'graph':
      hash.update(
        `graph ${geometry.nodes.map((node) => `${node.id}:${node.x},${node.y},${node.disabled ? 1 : 0}`).join(' ')}`,
      );
      return;
  }
}

function updateWithObject(hash: crypto.Hash, object: DatasetObject): void {
  hash.update(
    `\nobject ${JSON.stringify(object.classTitle)} ${object.crowd ? 'crowd' : ''} ${tagsText(object.tags)}\n`,
  );
  updateWithGeometry(hash, object.geometry);
}

function byRef(a: DatasetItem, b: DatasetItem): number {
  if (a.ref === b.ref) return 0;
  return a.ref < b.ref ? -1 : 1;
}

/**
 * The sha256 (hex) of the items' images and annotations, whatever their order. A changed image byte or
 * annotation changes it; touching a file without changing it does not. Class colours and other meta do not
 * enter it: they do not change what is trained on.
 */
export function hashData(items: readonly DatasetItem[], options: HashOptions): string {
  const root = path.resolve(options.root);
  const cacheFile = path.resolve(options.cacheFile);
  if (isInsideFolder(realPathOf(cacheFile), realPathOf(root))) {
    throw new Error(`the hash cache ${cacheFile} must not be inside the dataset ${root}`);
  }
  const cache = loadCache(cacheFile);
  let cacheChanged = false;
  const hash = crypto.createHash('sha256');
  for (const item of [...items].sort(byRef)) {
    const image = imageHash(item.imagePath, cache);
    cacheChanged ||= image.changed;
    const relative = posixRelative(root, item.imagePath);
    hash.update(
      `\nitem ${JSON.stringify(item.ref)} ${JSON.stringify(relative)} ${image.sha256} ${item.width}x${item.height}`,
    );
    hash.update(` ${tagsText(item.tags)}`);
    for (const object of item.objects) updateWithObject(hash, object);
  }
  if (cacheChanged) writeJsonAtomic(cacheFile, { version: CACHE_VERSION, files: cache });
  return hash.digest('hex');
}
