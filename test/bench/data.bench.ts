// Dataset reading and hashing at scale: a Supervisely project of 20k images and 100k objects and a COCO file
// of 100k annotations, generated once under the temp folder. Each measurement runs in a child process of its
// own, so that its peak RSS is its own. Python's json module on the same COCO file gives a reference point.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { hashData } from '../../src/data/hash';
import { compressRleCounts } from '../../src/data/rle';
import { readDataset } from '../../src/data/readers';
import { encodePng } from '../fixtures/png';
import { peakRssMiB, report } from './measure';

const DATA_DIR = path.join(os.tmpdir(), 'train-studio-bench-data-v1');
const SUPERVISELY_DIR = path.join(DATA_DIR, 'supervisely');
const COCO_DIR = path.join(DATA_DIR, 'coco');
const HASH_CACHE = path.join(DATA_DIR, 'hash-cache.json');
const COMPLETE_MARKER = path.join(DATA_DIR, 'complete');

const IMAGES = 20_000;
const OBJECTS_PER_IMAGE = 5;
const DATASETS = ['ds0', 'ds1', 'ds2', 'ds2/datasets/night'];
const WIDTH = 640;
const HEIGHT = 480;
const MASK_SIDE = 24;

/** A deterministic pseudo-random sequence (mulberry32), so the data is the same on every run. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function discMask(side: number): Uint8Array {
  const data = new Uint8Array(side * side);
  const centre = (side - 1) / 2;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++)
      data[y * side + x] = (x - centre) ** 2 + (y - centre) ** 2 <= centre ** 2 ? 1 : 0;
  }
  return data;
}

function bitmapPayloads(): string[] {
  const disc = discMask(MASK_SIDE);
  const alpha = new Uint8Array(disc.length * 4);
  disc.forEach((value, pixel) => alpha.fill(value * 255, pixel * 4, pixel * 4 + 4));
  const grey = disc.map((value) => value * 255);
  return [
    zlib
      .deflateSync(encodePng({ width: MASK_SIDE, height: MASK_SIDE, channels: 4, data: alpha }))
      .toString('base64'),
    zlib
      .deflateSync(encodePng({ width: MASK_SIDE, height: MASK_SIDE, channels: 1, data: grey }))
      .toString('base64'),
  ];
}

function octagon(cx: number, cy: number, radius: number): [number, number][] {
  return Array.from({ length: 8 }, (_, index) => {
    const angle = (index * Math.PI) / 4;
    return [Math.round(cx + radius * Math.cos(angle)), Math.round(cy + radius * Math.sin(angle))];
  });
}

function superviselyObject(kind: number, random: () => number, bitmaps: readonly string[]): unknown {
  const x = 40 + Math.floor(random() * (WIDTH - 80));
  const y = 40 + Math.floor(random() * (HEIGHT - 80));
  switch (kind) {
    case 0:
    case 1:
      return {
        classTitle: 'box',
        geometryType: 'rectangle',
        tags: [],
        points: {
          exterior: [
            [x - 20, y - 15],
            [x + 20, y + 15],
          ],
          interior: [],
        },
      };
    case 2:
      return {
        classTitle: 'shape',
        geometryType: 'polygon',
        tags: [{ name: 'difficult', value: null }],
        points: { exterior: octagon(x, y, 30), interior: [octagon(x, y, 10)] },
      };
    case 3:
      return {
        classTitle: 'shape',
        geometryType: 'polygon',
        tags: [],
        points: { exterior: octagon(x, y, 25), interior: [] },
      };
    default:
      return {
        classTitle: 'blob',
        geometryType: 'bitmap',
        tags: [],
        bitmap: { origin: [x - 12, y - 12], data: bitmaps[Math.floor(random() * bitmaps.length)] },
      };
  }
}

function writeSupervisely(image: Buffer): void {
  const random = randomSource(1);
  const bitmaps = bitmapPayloads();
  const meta = {
    classes: [
      { title: 'box', shape: 'rectangle', color: '#FF0000', geometry_config: {} },
      { title: 'shape', shape: 'polygon', color: '#00FF00', geometry_config: {} },
      { title: 'blob', shape: 'bitmap', color: '#0000FF', geometry_config: {} },
    ],
    tags: [{ name: 'difficult', value_type: 'none', color: '#FF00FF' }],
    projectType: 'images',
  };
  fs.mkdirSync(SUPERVISELY_DIR, { recursive: true });
  fs.writeFileSync(path.join(SUPERVISELY_DIR, 'meta.json'), JSON.stringify(meta));
  const perDataset = IMAGES / DATASETS.length;
  for (const dataset of DATASETS) {
    const imageDir = path.join(SUPERVISELY_DIR, dataset, 'img');
    const annotationDir = path.join(SUPERVISELY_DIR, dataset, 'ann');
    fs.mkdirSync(imageDir, { recursive: true });
    fs.mkdirSync(annotationDir, { recursive: true });
    for (let index = 0; index < perDataset; index++) {
      const name = `${String(index).padStart(6, '0')}.png`;
      fs.writeFileSync(path.join(imageDir, name), image);
      const objects = Array.from({ length: OBJECTS_PER_IMAGE }, (_, kind) =>
        superviselyObject(kind, random, bitmaps),
      );
      const annotation = { description: '', size: { height: HEIGHT, width: WIDTH }, tags: [], objects };
      fs.writeFileSync(path.join(annotationDir, `${name}.json`), JSON.stringify(annotation));
    }
  }
}

/** The uncompressed RLE counts of a disc whose top-left is (x, y), built from its pixels without a full mask. */
function discRleCounts(x: number, y: number): number[] {
  const disc = discMask(MASK_SIDE);
  const counts: number[] = [];
  let runEnd = 0;
  let runValue = 0;
  const addRun = (start: number, value: number): void => {
    if (value === runValue) return;
    counts.push(start - runEnd);
    runEnd = start;
    runValue = value;
  };
  for (let column = 0; column < MASK_SIDE; column++) {
    for (let row = 0; row < MASK_SIDE; row++) {
      addRun((x + column) * HEIGHT + y + row, disc[row * MASK_SIDE + column] ?? 0);
    }
    addRun((x + column) * HEIGHT + y + MASK_SIDE, 0);
  }
  counts.push(WIDTH * HEIGHT - runEnd);
  return counts;
}

/** 70% polygons, 15% compressed RLE, 10% uncompressed RLE (crowds) and 5% boxes only. */
function cocoSegmentation(
  random: () => number,
  x: number,
  y: number,
): { segmentation?: unknown; iscrowd: number } {
  const draw = random();
  if (draw < 0.7)
    return {
      segmentation: [
        octagon(x, y, 25)
          .flat()
          .map((value) => value + 0.25),
      ],
      iscrowd: 0,
    };
  if (draw < 0.95) {
    const counts = discRleCounts(x, y);
    const size = [HEIGHT, WIDTH];
    return draw < 0.85
      ? { segmentation: { size, counts: compressRleCounts(counts) }, iscrowd: 0 }
      : { segmentation: { size, counts }, iscrowd: 1 };
  }
  return { iscrowd: 0 };
}

function writeCoco(image: Buffer): void {
  const random = randomSource(2);
  const imageDir = path.join(COCO_DIR, 'images');
  fs.mkdirSync(imageDir, { recursive: true });
  const images = [];
  const annotations = [];
  for (let index = 0; index < IMAGES; index++) {
    const fileName = `${String(index).padStart(6, '0')}.png`;
    fs.writeFileSync(path.join(imageDir, fileName), image);
    images.push({ id: index + 1, file_name: fileName, width: WIDTH, height: HEIGHT });
    for (let object = 0; object < OBJECTS_PER_IMAGE; object++) {
      const x = 40 + Math.floor(random() * (WIDTH - 80));
      const y = 40 + Math.floor(random() * (HEIGHT - 80));
      annotations.push({
        id: annotations.length + 1,
        image_id: index + 1,
        category_id: 1 + (object % 3),
        bbox: [x - 25, y - 25, 50, 50],
        area: 1900,
        ...cocoSegmentation(random, x, y),
      });
    }
  }
  const categories = ['box', 'shape', 'blob'].map((name, index) => ({
    id: index + 1,
    name,
    supercategory: 'thing',
  }));
  fs.writeFileSync(
    path.join(COCO_DIR, 'annotations.json'),
    JSON.stringify({ images, annotations, categories }),
  );
}

function ensureData(): void {
  if (fs.existsSync(COMPLETE_MARKER)) return;
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  console.log(`generating the benchmark data in ${DATA_DIR} (once)…`);
  const image = encodePng({
    width: WIDTH,
    height: HEIGHT,
    channels: 1,
    data: new Uint8Array(WIDTH * HEIGHT).fill(128),
  });
  writeSupervisely(image);
  writeCoco(image);
  fs.writeFileSync(COMPLETE_MARKER, '');
}

interface Measurement {
  readonly ms: number;
  readonly rssMiB: number;
  readonly detail: string;
}

function timed(work: () => string): Measurement {
  const start = process.hrtime.bigint();
  const detail = work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, rssMiB: peakRssMiB(), detail };
}

const CASES: Readonly<Record<string, () => Measurement>> = {
  supervisely: () =>
    timed(() => {
      const index = readDataset(SUPERVISELY_DIR);
      return `${index.items.length} images, ${index.items.reduce((sum, item) => sum + item.objects.length, 0)} objects`;
    }),
  coco: () =>
    timed(() => {
      const index = readDataset(COCO_DIR);
      return `${index.items.length} images, ${index.items.reduce((sum, item) => sum + item.objects.length, 0)} objects`;
    }),
  hash: () => {
    const index = readDataset(SUPERVISELY_DIR);
    return timed(() => hashData(index.items, { root: index.root, cacheFile: HASH_CACHE }).slice(0, 12));
  },
};

/** Loads the file with json and groups the annotations by image, the core of what a Python reader does. */
const PYTHON_COCO = `
import json, resource, sys, time
start = time.perf_counter()
with open(sys.argv[1]) as f:
    data = json.load(f)
by_image = {image["id"]: [] for image in data["images"]}
for annotation in data["annotations"]:
    by_image[annotation["image_id"]].append(annotation)
ms = (time.perf_counter() - start) * 1000
print(json.dumps({"ms": ms, "rssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "detail": f"{len(by_image)} images"}))
`;

function lastJsonLine(output: string): Measurement {
  const line = output.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Measurement;
}

function runCase(name: string): Measurement {
  const child = spawnSync(process.execPath, [__filename, 'case', name], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`benchmark case ${name} failed:\n${child.stderr}`);
  return lastJsonLine(child.stdout);
}

function runPython(): Measurement | undefined {
  const child = spawnSync('python3', ['-c', PYTHON_COCO, path.join(COCO_DIR, 'annotations.json')], {
    encoding: 'utf8',
  });
  return child.status === 0 ? lastJsonLine(child.stdout) : undefined;
}

function show(name: string, measurement: Measurement, timeTarget?: string, rssTarget?: string): void {
  report(`${name}: time (${measurement.detail})`, measurement.ms, 'ms', timeTarget);
  report(`${name}: peak RSS`, measurement.rssMiB, 'MiB', rssTarget);
}

function main(): void {
  ensureData();
  show('supervisely index, 20k images', runCase('supervisely'), '< 3000 ms', '< 1024 MiB');
  show('coco index, 100k annotations', runCase('coco'), '< 3000 ms', '< 1024 MiB');
  const python = runPython();
  if (python === undefined) console.log('python3 not available: no Python reference figure');
  else show('python json.load + group by image (reference)', python);
  fs.rmSync(HASH_CACHE, { force: true });
  show('hash of the 20k-image project, first', runCase('hash'));
  show('hash of the 20k-image project, cached', runCase('hash'));
}

if (process.argv[2] === 'case') {
  const work = CASES[process.argv[3] ?? ''];
  if (work === undefined) throw new Error(`unknown benchmark case ${process.argv[3] ?? ''}`);
  console.log(JSON.stringify(work()));
} else {
  main();
}
