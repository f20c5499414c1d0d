// Shared by the pipeline tests: real image files written with sharp, fixture datasets, and batch readers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { DatasetItem } from '../../../../src/data/model';
import { readDataset } from '../../../../src/data/readers';
import type { ImageBatch } from '../../../../src/engine/contracts';
import type { BatchRequest, ImagePipeline } from '../../../../src/engine/pipeline';
import { generateFixtures } from '../../../fixtures/generate';

export type Rgb = readonly [number, number, number];

export function temporaryFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `train-studio-${prefix}-`));
}

/** Writes an RGB PNG whose pixel (x, y) is paint(x, y), and returns its raw bytes. */
export async function writePng(
  file: string,
  width: number,
  height: number,
  paint: (x: number, y: number) => Rgb,
): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 3);
  }
  await sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(file);
  return data;
}

/** A deterministic noise value per pixel and channel, so no two neighbours look alike. */
export function noise(x: number, y: number, channel: number): number {
  return (x * 73 + y * 151 + channel * 89 + ((x * y) % 7) * 31) % 256;
}

/** The fixture generator's Supervisely project, read by the data layer. */
export function fixtureItems(
  size = 96,
  imagesPerDataset = 6,
): { root: string; items: DatasetItem[]; classes: string[] } {
  const outDir = temporaryFolder('fixtures');
  generateFixtures({ seed: 11, outDir, imagesPerDataset, size });
  const root = path.join(outDir, 'supervisely');
  // Points have no area and no box: the area classes are the ones every task trains on.
  return { root, items: [...readDataset(root).items], classes: ['square', 'donut', 'triangle', 'blob'] };
}

export function allIndices(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

export async function collect(pipeline: ImagePipeline, request: BatchRequest): Promise<ImageBatch[]> {
  const batches: ImageBatch[] = [];
  for await (const batch of pipeline.batches(request)) batches.push(batch);
  return batches;
}

/** Each item's input pixels and targets as bytes, by ref, whatever batch it was in. */
export function bytesByRef(batches: readonly ImageBatch[]): Map<string, Buffer> {
  const byRef = new Map<string, Buffer>();
  for (const batch of batches) {
    const values = batch.inputSize * batch.inputSize * 3;
    batch.refs.forEach((ref, position) => {
      const image = Buffer.from(
        batch.images.buffer,
        batch.images.byteOffset + position * values * 4,
        values * 4,
      );
      const { targets } = batch;
      const target =
        targets.task === 'semantic segmentation'
          ? Buffer.from(
              targets.masks.subarray(position * batch.inputSize ** 2, (position + 1) * batch.inputSize ** 2),
            )
          : Buffer.from(
              JSON.stringify(
                targets.task === 'classification' ? targets.labels[position] : targets.boxes[position],
              ),
            );
      byRef.set(ref, Buffer.concat([image, target, Buffer.from(JSON.stringify(batch.placements[position]))]));
    });
  }
  return byRef;
}
