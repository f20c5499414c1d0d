import fs from 'node:fs';
import path from 'node:path';
import type { TargetFormat } from '../../core/schemas/framework';
import { TARGET_FORMATS } from '../../core/schemas/framework';
import type { DatasetItem } from '../../data/model';
import { RunError } from '../runError';

/** Checkpoints, logs and evaluation files of a run: what it writes whatever the data. */
export const RUN_MARGIN_BYTES = 50_000_000;
// Annotation files are small next to images; these bound a label line, a COCO entry or an RLE mask.
const BYTES_PER_ITEM = 512;
const BYTES_PER_OBJECT = 2048;

export type FreeBytes = (dir: string) => number;

export const statfsFreeBytes: FreeBytes = (dir) => {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
};

/** `1.2 GB`, `50 MB`: decimal units, as disks are sold and file managers show. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? ''}`;
}

/** The folder itself when it exists; otherwise the closest folder above it that does, which the run creates it in. */
function nearestExistingFolder(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/**
 * What converting the items writes. The writers link or reference the images, but where the system
 * forbids links they are copied, so the estimate counts them as copies.
 */
function convertedDatasetBytes(items: readonly DatasetItem[], targetFormat: TargetFormat): number {
  if (targetFormat === TARGET_FORMATS.none) return 0;
  let bytes = 0;
  for (const item of items) {
    const image = fs.statSync(item.imagePath, { throwIfNoEntry: false });
    bytes += (image?.size ?? 0) + BYTES_PER_ITEM + item.objects.length * BYTES_PER_OBJECT;
  }
  return bytes;
}

export interface DiskSpaceInput {
  readonly items: readonly DatasetItem[];
  readonly targetFormat: TargetFormat;
  readonly workDir: string;
  readonly freeBytes: FreeBytes;
}

export function checkDiskSpace(input: DiskSpaceInput): void {
  const dataset = convertedDatasetBytes(input.items, input.targetFormat);
  const needed = dataset + RUN_MARGIN_BYTES;
  const where = nearestExistingFolder(input.workDir);
  const free = input.freeBytes(where);
  if (free >= needed) return;
  const parts =
    dataset === 0
      ? `${formatBytes(RUN_MARGIN_BYTES)} for checkpoints and logs`
      : `${formatBytes(dataset)} of ${input.targetFormat} data plus ${formatBytes(RUN_MARGIN_BYTES)} for checkpoints and logs`;
  throw new RunError({
    message: `Not enough disk space for the run: it needs about ${formatBytes(needed)} (${parts}) under ${input.workDir}, and the disk holding ${where} has ${formatBytes(free)} free.`,
    hint: `Free at least ${formatBytes(needed - free)} on the disk holding ${where}, then start the run again.`,
  });
}
