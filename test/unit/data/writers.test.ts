import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import { TASK_TYPES } from '../../../src/core/names';
import { rasterizeGeometry } from '../../../src/data/convert';
import type { AreaGeometry } from '../../../src/data/convert';
import type { DatasetIndex, Geometry, Point } from '../../../src/data/model';
import { decodeRle } from '../../../src/data/rle';
import { OUTPUT_MARKER, OutputFolderError, writeCoco, writeYolo } from '../../../src/data/writers';
import { writeOutputFolder } from '../../../src/data/writers/outputFolder';
import { joinRings } from '../../../src/data/writers/yoloSegment';
import { encodePng } from '../../fixtures/png';
import { box, makeIndex, makeItem, makeObject } from './handMadeIndex';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'writers-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const WIDTH = 20;
const HEIGHT = 16;
const root = path.join(tmp, 'dataset');

function imageAt(relative: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    encodePng({ width: WIDTH, height: HEIGHT, channels: 1, data: new Uint8Array(WIDTH * HEIGHT) }),
  );
  return file;
}

const square = (left: number, top: number, side: number): Point[] => [
  [left, top],
  [left + side, top],
  [left + side, top + side],
  [left, top + side],
];

const donut: Geometry = { type: 'polygon', exterior: square(10, 6, 8), interior: [square(12, 8, 4)] };
const triangle: Geometry = {
  type: 'polygon',
  exterior: [
    [6, 1],
    [12, 1],
    [6, 7],
  ],
  interior: [],
};
const blob: Geometry = {
  type: 'bitmap',
  origin: [1, 9],
  mask: { width: 4, height: 3, data: Uint8Array.of(1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0) },
};
const multi: Geometry = {
  type: 'multipolygon',
  parts: [
    { exterior: square(0, 13, 2), interior: [] },
    { exterior: square(4, 13, 3), interior: [] },
  ],
};

const index: DatasetIndex = makeIndex({
  root,
  classes: [
    ['square', 'rectangle'],
    ['tri', 'polygon'],
    ['donut', 'polygon'],
    ['blob', 'bitmap'],
    ['multi', 'multipolygon'],
    ['no', 'point'],
  ],
  items: [
    makeItem({
      dataset: 'ds',
      name: 'a.png',
      width: WIDTH,
      height: HEIGHT,
      imagePath: imageAt('ds/img/a.png'),
      objects: [
        makeObject('square', box(1, 1, 4, 3)),
        makeObject('tri', triangle),
        makeObject('donut', donut),
        makeObject('blob', blob),
        makeObject('multi', multi),
        makeObject('square', box(15, 0, 19, 2), true),
        makeObject('no', { type: 'point', x: 3, y: 3 }),
      ],
    }),
    makeItem({
      dataset: 'ds/nested',
      name: 'b.png',
      width: WIDTH,
      height: HEIGHT,
      imagePath: imageAt('ds/nested/img/b.png'),
    }),
  ],
});
const split = { train: ['ds/a.png'], val: ['ds/nested/b.png'] };

interface CocoFile {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: number[];
    area: number;
    segmentation: number[][] | { size: [number, number]; counts: string };
    iscrowd: number;
  }[];
  categories: { id: number; name: string }[];
}

const readJson = (file: string): CocoFile => JSON.parse(fs.readFileSync(file, 'utf8')) as CocoFile;

describe('COCO writer', () => {
  const outDir = path.join(tmp, 'coco');
  const result = writeCoco(index, { outDir });
  const coco = readJson(path.join(outDir, 'annotations.json'));
  const annotation = (categoryId: number, crowd = 0) =>
    coco.annotations.find((candidate) => candidate.category_id === categoryId && candidate.iscrowd === crowd);

  it('numbers categories 1..N in meta order and refers to the original images without copying them', () => {
    assert.deepEqual(
      coco.categories.map(({ id, name }) => [id, name]),
      [
        [1, 'square'],
        [2, 'tri'],
        [3, 'donut'],
        [4, 'blob'],
        [5, 'multi'],
        [6, 'no'],
      ],
    );
    assert.deepEqual(
      coco.images.map((image) => path.resolve(outDir, image.file_name)),
      index.items.map((item) => item.imagePath),
    );
    assert.deepEqual(coco.images[0], {
      id: 1,
      file_name: '../dataset/ds/img/a.png',
      width: WIDTH,
      height: HEIGHT,
    });
    assert.deepEqual(fs.readdirSync(outDir).sort(), [OUTPUT_MARKER, 'annotations.json']);
    assert.deepEqual(result.files, ['annotations.json']);
  });

  it('writes bbox as the inclusive bounds of the drawn pixels and area as their count', () => {
    assert.deepEqual(annotation(1)?.bbox, [1, 1, 4, 3]);
    assert.equal(annotation(1)?.area, 12);
    assert.deepEqual(annotation(3)?.bbox, [10, 6, 8, 8]);
    assert.equal(annotation(3)?.area, 64 - 16);
    assert.deepEqual(annotation(4)?.bbox, [1, 9, 4, 3]);
    assert.equal(annotation(4)?.area, 8);
  });

  it('keeps plain polygons, outlines rectangles, and writes holes, multipolygons and bitmaps as exact RLE', () => {
    assert.deepEqual(annotation(1)?.segmentation, [[1, 1, 5, 1, 5, 4, 1, 4]]);
    assert.deepEqual(annotation(2)?.segmentation, [[6, 1, 12, 1, 6, 7]]);
    for (const [categoryId, geometry] of [
      [3, donut],
      [4, blob],
      [5, multi],
    ] as const) {
      const segmentation = annotation(categoryId)?.segmentation;
      assert.ok(segmentation && !Array.isArray(segmentation), `category ${categoryId}`);
      assert.equal(typeof segmentation.counts, 'string');
      assert.deepEqual(decodeRle(segmentation), rasterizeGeometry(geometry as AreaGeometry, WIDTH, HEIGHT));
    }
  });

  it('preserves iscrowd, and reports what has no COCO form', () => {
    assert.deepEqual(annotation(1, 1)?.bbox, [15, 0, 5, 3]);
    assert.deepEqual(result.skipped, [
      {
        ref: 'ds/a.png',
        classTitle: 'no',
        shape: 'point',
        reason: 'it has no area in this format; convert the index for the task first',
      },
    ]);
  });

  it('writes train.json and val.json for a split', () => {
    const splitDir = path.join(tmp, 'coco-split');
    assert.deepEqual(writeCoco(index, { outDir: splitDir, split }).files, ['train.json', 'val.json']);
    assert.equal(readJson(path.join(splitDir, 'train.json')).annotations.length, 6);
    const val = readJson(path.join(splitDir, 'val.json'));
    assert.deepEqual([val.images.length, val.annotations.length], [1, 0]);
  });
});

function labelLines(outDir: string, label: string): number[][] {
  return fs
    .readFileSync(path.join(outDir, label), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(' ').map(Number));
}

describe('YOLO writer', () => {
  const outDir = path.join(tmp, 'yolo');
  const result = writeYolo(index, { outDir, split, taskType: TASK_TYPES.objectDetection });

  it('writes data.yaml with path, train, val and names, every name a string even to YAML 1.1', () => {
    const text = fs.readFileSync(path.join(outDir, 'data.yaml'), 'utf8');
    for (const version of ['1.1', '1.2'] as const) {
      assert.deepEqual(YAML.parse(text, { version }), {
        path: outDir,
        train: 'images/train',
        val: 'images/val',
        names: { 0: 'square', 1: 'tri', 2: 'donut', 3: 'blob', 4: 'multi', 5: 'no' },
      });
    }
  });

  it('links the images to the originals instead of copying them', () => {
    assert.equal(result.images, 'linked');
    assert.deepEqual(result.entries, [
      { ref: 'ds/a.png', split: 'train', image: 'images/train/a.png', label: 'labels/train/a.txt' },
      { ref: 'ds/nested/b.png', split: 'val', image: 'images/val/b.png', label: 'labels/val/b.txt' },
    ]);
    for (const [entry, item] of result.entries.map(
      (entry, position) => [entry, index.items[position]] as const,
    )) {
      const linked = path.join(outDir, entry.image);
      assert.ok(fs.lstatSync(linked).isSymbolicLink());
      assert.equal(fs.readlinkSync(linked), item?.imagePath);
    }
  });

  it('writes one normalised box per object with whole-pixel edges, and an empty file for a background image', () => {
    const lines = labelLines(outDir, 'labels/train/a.txt');
    assert.deepEqual(lines[0], [0, 3 / WIDTH, 2.5 / HEIGHT, 4 / WIDTH, 3 / HEIGHT]);
    assert.deepEqual(
      lines.map(([cls]) => cls),
      [0, 1, 2, 3, 4],
    );
    assert.equal(fs.readFileSync(path.join(outDir, 'labels/val/b.txt'), 'utf8'), '');
    assert.match(
      fs.readFileSync(path.join(outDir, 'labels/train/a.txt'), 'utf8'),
      /^0 0\.150000 0\.156250 0\.200000 0\.187500\n/,
    );
  });

  it('skips crowd regions and points, and says why', () => {
    assert.deepEqual(
      result.skipped.map((skipped) => [skipped.classTitle, skipped.reason]),
      [
        ['square', 'it is a crowd region, which YOLO cannot mark'],
        ['no', 'a point has no extent'],
      ],
    );
  });

  it('writes each object as one polygon for segmentation, holes and parts included, pixel-exact', () => {
    const segmentDir = path.join(tmp, 'yolo-segment');
    writeYolo(index, { outDir: segmentDir, split, taskType: TASK_TYPES.instanceSegmentation });
    const lines = labelLines(segmentDir, 'labels/train/a.txt');
    const geometries = [box(1, 1, 4, 3), triangle, donut, blob, multi];
    assert.equal(lines.length, geometries.length);
    lines.forEach(([, ...values], position) => {
      const ring: Point[] = [];
      for (let at = 0; at + 1 < values.length; at += 2)
        ring.push([(values[at] ?? 0) * WIDTH, (values[at + 1] ?? 0) * HEIGHT]);
      assert.deepEqual(
        rasterizeGeometry({ type: 'polygon', exterior: ring, interior: [] }, WIDTH, HEIGHT),
        rasterizeGeometry(geometries[position] as AreaGeometry, WIDTH, HEIGHT),
        `object ${position}`,
      );
    });
  });

  it('names an image by its ref when its stem clashes, and refuses a clash that remains', () => {
    const clashing = makeIndex({
      root,
      items: [
        makeItem({ dataset: 'p', name: 'x.png', imagePath: imageAt('p/x.png') }),
        makeItem({ dataset: 'q/r', name: 'x.png', imagePath: imageAt('q/r/x.png') }),
        makeItem({ dataset: 'p', name: 'y.png', imagePath: imageAt('p/y.png') }),
      ],
    });
    const renamed = writeYolo(clashing, {
      outDir: path.join(tmp, 'yolo-clash'),
      split: { train: ['p/x.png', 'q/r/x.png'], val: ['p/y.png'] },
      taskType: TASK_TYPES.objectDetection,
    });
    assert.deepEqual(
      renamed.entries.map((entry) => entry.image),
      ['images/train/p__x.png', 'images/train/q__r__x.png', 'images/val/y.png'],
    );
    const sameStem = makeIndex({
      root,
      items: [
        makeItem({ dataset: 'p', name: 'x.png', imagePath: imageAt('p/x.png') }),
        makeItem({ dataset: 'p', name: 'x.jpg', imagePath: imageAt('p/x.jpg') }),
      ],
    });
    assert.throws(
      () =>
        writeYolo(sameStem, {
          outDir: path.join(tmp, 'yolo-same-stem'),
          split: { train: ['p/x.png', 'p/x.jpg'], val: ['p/x.png'] },
          taskType: TASK_TYPES.objectDetection,
        }),
      /Several train images have the stem 'p__x'/,
    );
    assert.equal(fs.existsSync(path.join(tmp, 'yolo-same-stem')), false);
  });
});

describe('YOLO ring joining', () => {
  it('makes one ring whose even-odd fill is that of all the rings', () => {
    const rings = [square(0, 0, 10), square(2, 2, 3), square(12, 1, 4), square(6, 6, 2)];
    const joined = joinRings(rings);
    const [outer, ...others] = rings;
    assert.ok(outer);
    assert.deepEqual(
      rasterizeGeometry({ type: 'polygon', exterior: joined, interior: [] }, 20, 12),
      rasterizeGeometry({ type: 'polygon', exterior: outer, interior: others }, 20, 12),
    );
  });
});

describe('output folder', () => {
  const list = (dir: string) => fs.readdirSync(dir).sort();

  it('refuses a folder inside the dataset, and one that holds it', () => {
    assert.throws(
      () => writeCoco(index, { outDir: path.join(root, 'ds', 'coco') }),
      (error: unknown) =>
        error instanceof OutputFolderError && error.message.includes('is inside the dataset'),
    );
    assert.equal(fs.existsSync(path.join(root, 'ds', 'coco')), false);
    assert.throws(
      () => writeCoco(index, { outDir: tmp }),
      /contains .*dataset.* Choose a folder that holds none of the dataset/,
    );
  });

  it('refuses to replace a folder of files it did not write, but fills an empty one', () => {
    const foreign = path.join(tmp, 'foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    assert.throws(() => writeCoco(index, { outDir: foreign }), /holds files that Train Studio did not write/);
    assert.deepEqual(list(foreign), ['notes.txt']);
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    writeCoco(index, { outDir: empty });
    assert.deepEqual(list(empty), [OUTPUT_MARKER, 'annotations.json']);
  });

  it('replaces its own earlier output as a whole', () => {
    const outDir = path.join(tmp, 'rewritten');
    writeCoco(index, { outDir, split });
    writeCoco(index, { outDir });
    assert.deepEqual(list(outDir), [OUTPUT_MARKER, 'annotations.json']);
  });

  it('leaves the earlier output and no temporary folder behind when writing fails', () => {
    const outDir = path.join(tmp, 'failing');
    writeCoco(index, { outDir });
    const before = fs.readFileSync(path.join(outDir, 'annotations.json'), 'utf8');
    const siblings = list(tmp);
    assert.throws(() => {
      writeOutputFolder(outDir, index, 'test', (folder) => {
        fs.writeFileSync(path.join(folder, 'annotations.json'), 'half');
        throw new Error('disk full');
      });
    }, /disk full/);
    assert.equal(fs.readFileSync(path.join(outDir, 'annotations.json'), 'utf8'), before);
    assert.deepEqual(list(tmp), siblings);
  });
});
