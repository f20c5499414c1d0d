// The benchmarks' image set, made once under the temp folder: 640×480 photo-like JPEGs and the fixture
// generator's PNGs at 640 px, shared by the pipeline and engine benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { DatasetItem } from '../../src/data/model';
import { generateFixtures } from '../fixtures/generate';

const DATA_DIR = path.join(os.tmpdir(), 'train-studio-bench-pipeline-v1');
const JPEG_DIR = path.join(DATA_DIR, 'jpeg');
export const FIXTURE_DIR = path.join(DATA_DIR, 'fixtures');
const COMPLETE_MARKER = path.join(DATA_DIR, 'complete');
const JPEGS = 200;
export const WIDTH = 640;
export const HEIGHT = 480;

/** A photo-like picture: smooth gradients, a few flat shapes, and mild noise, as a camera gives. */
function pictureBytes(seed: number): Uint8Array {
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  let state = seed * 2654435761;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const discs = Array.from({ length: 6 }, () => [
    random() * WIDTH,
    random() * HEIGHT,
    20 + random() * 80,
    random(),
  ]);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const disc = discs.find(([cx = 0, cy = 0, r = 0]) => (x - cx) ** 2 + (y - cy) ** 2 < r * r);
      const base = disc === undefined ? [x / 3, y / 2, (x + y) / 5] : [255 * (disc[3] ?? 0), 120, 60];
      base.forEach((value, channel) => {
        data[(y * WIDTH + x) * 3 + channel] = Math.max(0, Math.min(255, value + (random() - 0.5) * 24));
      });
    }
  }
  return data;
}

export async function prepareData(): Promise<void> {
  if (fs.existsSync(COMPLETE_MARKER)) return;
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(JPEG_DIR, { recursive: true });
  for (let index = 0; index < JPEGS; index++) {
    await sharp(pictureBytes(index + 1), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(path.join(JPEG_DIR, `${String(index).padStart(4, '0')}.jpg`));
  }
  generateFixtures({ seed: 1, outDir: FIXTURE_DIR, imagesPerDataset: 40, size: 640 });
  fs.writeFileSync(COMPLETE_MARKER, '');
}

export function jpegItems(): DatasetItem[] {
  return fs
    .readdirSync(JPEG_DIR)
    .sort()
    .map((name) => ({
      ref: `bench/${name}`,
      dataset: 'bench',
      name,
      imagePath: path.join(JPEG_DIR, name),
      width: WIDTH,
      height: HEIGHT,
      tags: [],
      objects: [
        {
          classTitle: 'square',
          geometry: { type: 'rectangle', left: 100, top: 80, right: 300, bottom: 260 },
          tags: [],
          crowd: false,
        },
      ],
    }));
}
