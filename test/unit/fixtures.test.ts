import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { FixtureOptionsError, generateFixtures } from '../fixtures/generate';
import type { FixtureSummary } from '../fixtures/generate';
import { decodePng, encodePng } from '../fixtures/png';
import type { Raster } from '../fixtures/png';
import { countSet, createMask, fillPolygon, isSet } from '../fixtures/raster';

// The shapes of the files as the formats define them, written out here rather than imported from the
// generator, so that a change on the generator's side shows up as a failing test.
type XY = [x: number, y: number];

interface SuperviselyMeta {
  classes: { title: string; shape: string; color: string; geometry_config: object }[];
  tags: { name: string; value_type: string; color: string; values?: string[] }[];
  projectType: string;
}

interface SuperviselyTag {
  name: string;
  value: string | null;
}

interface SuperviselyObject {
  classTitle: string;
  geometryType: string;
  tags: SuperviselyTag[];
  points?: { exterior: XY[]; interior: XY[][] };
  bitmap?: { data: string; origin: XY };
}

interface SuperviselyAnnotation {
  size: { height: number; width: number };
  tags: SuperviselyTag[];
  objects: SuperviselyObject[];
}

interface Item {
  /** Relative to the project root, e.g. "train_b/datasets/night". */
  dataset: string;
  name: string;
  annotation: SuperviselyAnnotation;
  imageFile: Buffer;
  image: Raster;
}

interface CocoRle {
  size: [height: number, width: number];
  counts: number[];
}

interface CocoFile {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: [x: number, y: number, w: number, h: number];
    area: number;
    segmentation: number[][] | CocoRle;
    iscrowd: number;
  }[];
  categories: { id: number; name: string; supercategory: string }[];
}

const SEED = 7;
const CLI = path.join(__dirname, '..', 'fixtures', 'cli.js');
const tempDirs: string[] = [];

function makeTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `train-studio-fixtures-${label}-`));
  tempDirs.push(dir);
  return dir;
}

function listFiles(root: string, relative = ''): string[] {
  return fs
    .readdirSync(path.join(root, relative), { withFileTypes: true })
    .flatMap((entry) => {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      return entry.isDirectory() ? listFiles(root, child) : [child];
    })
    .sort();
}

function hashTree(root: string): Map<string, string> {
  return new Map(
    listFiles(root).map((file) => [
      file,
      crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(root, file)))
        .digest('hex'),
    ]),
  );
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

function defined<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `missing ${what}`);
  return value;
}

/** Width and height straight from the IHDR chunk, without the generator's decoder. */
function readIhdrSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function parseHex(color: string): number[] {
  return [1, 3, 5].map((start) => parseInt(color.slice(start, start + 2), 16));
}

function pixelIs(image: Raster, x: number, y: number, rgb: readonly number[]): boolean {
  const offset = (y * image.width + x) * image.channels;
  return rgb.every((channel, index) => image.data[offset + index] === channel);
}

function countColor(image: Raster, rgb: readonly number[]): number {
  let count = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (pixelIs(image, x, y, rgb)) count++;
    }
  }
  return count;
}

function polygonPixelCount(object: SuperviselyObject, width: number, height: number): number {
  const points = defined(object.points, 'polygon points');
  const mask = createMask(width, height);
  fillPolygon(mask, [points.exterior, ...points.interior]);
  return countSet(mask);
}

/** The mask of a Supervisely bitmap: base64, then zlib, then a PNG whose alpha (or only) channel is the mask. */
function decodeBitmap(data: string): { raster: Raster; isSet: (x: number, y: number) => boolean } {
  const raster = decodePng(zlib.inflateSync(Buffer.from(data, 'base64')));
  const maskChannel = raster.channels === 4 || raster.channels === 2 ? raster.channels - 1 : 0;
  assert.ok(raster.channels !== 3, 'an RGB bitmap has no mask channel');
  return {
    raster,
    isSet: (x, y) => (raster.data[(y * raster.width + x) * raster.channels + maskChannel] ?? 0) > 0,
  };
}

/** Column-major runs that start with zeros, into a row-major 0/1 array. */
function decodeRle(rle: CocoRle): Uint8Array {
  const [height, width] = rle.size;
  const mask = new Uint8Array(height * width);
  let position = 0;
  rle.counts.forEach((count, index) => {
    for (let i = 0; i < count; i++, position++) {
      mask[(position % height) * width + Math.floor(position / height)] = index % 2;
    }
  });
  assert.equal(position, height * width, 'RLE counts must cover the whole image');
  return mask;
}

function isRle(segmentation: number[][] | CocoRle): segmentation is CocoRle {
  return !Array.isArray(segmentation);
}

function loadItems(projectRoot: string): Item[] {
  return listFiles(projectRoot)
    .filter((file) => /\/img\/[^/]+$/.test(file))
    .map((file) => {
      const dataset = file.slice(0, file.indexOf('/img/'));
      const name = path.posix.basename(file);
      const imageFile = fs.readFileSync(path.join(projectRoot, file));
      const annotation = readJson(
        path.join(projectRoot, dataset, 'ann', `${name}.json`),
      ) as SuperviselyAnnotation;
      return { dataset, name, annotation, imageFile, image: decodePng(imageFile) };
    });
}

function stem(name: string): string {
  return name.replace(/\.png$/, '');
}

after(() => {
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('fixture generator', () => {
  let outDir = '';
  let summary: FixtureSummary | undefined;
  let meta: SuperviselyMeta = { classes: [], tags: [], projectType: '' };
  let items: Item[] = [];
  let colorOf = new Map<string, number[]>();

  function itemNamed(name: string): Item {
    return defined(
      items.find((item) => item.name === name),
      name,
    );
  }

  before(() => {
    outDir = makeTempDir('main');
    summary = generateFixtures({ seed: SEED, outDir });
    meta = readJson(path.join(outDir, 'supervisely', 'meta.json')) as SuperviselyMeta;
    items = loadItems(path.join(outDir, 'supervisely'));
    colorOf = new Map(meta.classes.map((entry) => [entry.title, parseHex(entry.color)]));
  });

  function objectsOf(geometryType: string): { item: Item; object: SuperviselyObject }[] {
    return items.flatMap((item) =>
      item.annotation.objects
        .filter((object) => object.geometryType === geometryType)
        .map((object) => ({ item, object })),
    );
  }

  describe('determinism', () => {
    it('writes byte-identical files for the same seed and different ones for another seed', () => {
      const again = makeTempDir('again');
      const other = makeTempDir('other');
      generateFixtures({ seed: SEED, outDir: again });
      generateFixtures({ seed: SEED + 1, outDir: other });
      const first = hashTree(outDir);
      assert.deepEqual(hashTree(again), first);
      const changed = [...hashTree(other)].filter(([file, hash]) => first.get(file) !== hash);
      assert.ok(changed.length > first.size / 2, `only ${changed.length} files differ for another seed`);
    });

    it('reports exactly the files it wrote', () => {
      assert.deepEqual(defined(summary, 'summary').files, listFiles(outDir));
    });

    it('refuses a non-empty output folder and out-of-range options', () => {
      assert.throws(() => generateFixtures({ seed: SEED, outDir }), FixtureOptionsError);
      const fresh = path.join(makeTempDir('options'), 'out');
      assert.throws(() => generateFixtures({ seed: -1, outDir: fresh }), FixtureOptionsError);
      assert.throws(() => generateFixtures({ seed: 1.5, outDir: fresh }), FixtureOptionsError);
      assert.throws(() => generateFixtures({ seed: SEED, outDir: fresh, size: 16 }), FixtureOptionsError);
      assert.throws(
        () => generateFixtures({ seed: SEED, outDir: fresh, imagesPerDataset: 0 }),
        FixtureOptionsError,
      );
      assert.equal(fs.existsSync(fresh), false, 'nothing is written when the options are bad');
    });
  });

  describe('Supervisely project', () => {
    it('declares the classes and tags in meta.json', () => {
      assert.deepEqual(
        meta.classes.map(({ title, shape }) => [title, shape]),
        [
          ['square', 'rectangle'],
          ['donut', 'polygon'],
          ['triangle', 'polygon'],
          ['blob', 'bitmap'],
          ['dot', 'point'],
        ],
      );
      for (const entry of [...meta.classes, ...meta.tags]) {
        assert.match(entry.color, /^#[0-9A-F]{6}$/);
      }
      assert.ok(meta.classes.every((entry) => Object.keys(entry.geometry_config).length === 0));
      assert.equal(new Set(meta.classes.map((entry) => entry.color)).size, meta.classes.length);
      assert.deepEqual(
        meta.tags.map(({ name, value_type, values }) => [name, value_type, values]),
        [
          ['difficult', 'none', undefined],
          ['weather', 'oneof_string', ['sunny', 'cloudy', 'rain']],
        ],
      );
      assert.equal(meta.projectType, 'images');
    });

    it('has two datasets, one with a nested child dataset', () => {
      assert.deepEqual([...new Set(items.map((item) => item.dataset))].sort(), [
        'train_a',
        'train_b',
        'train_b/datasets/night',
      ]);
    });

    it('names every annotation after its image file plus ".json"', () => {
      for (const dataset of new Set(items.map((item) => item.dataset))) {
        const datasetDir = path.join(outDir, 'supervisely', dataset);
        const images = fs.readdirSync(path.join(datasetDir, 'img')).sort();
        assert.deepEqual(
          fs.readdirSync(path.join(datasetDir, 'ann')).sort(),
          images.map((name) => `${name}.json`),
        );
      }
    });

    it('gives every annotation the size in its PNG header, with some non-square images', () => {
      for (const item of items) {
        assert.deepEqual(readIhdrSize(item.imageFile), item.annotation.size, item.name);
      }
      assert.ok(items.some((item) => item.annotation.size.width !== item.annotation.size.height));
    });

    it('writes PNG chunks whose CRCs zlib agrees with', () => {
      for (const item of items) {
        for (let offset = 8; offset < item.imageFile.length;) {
          const length = item.imageFile.readUInt32BE(offset);
          const crc = zlib.crc32(item.imageFile.subarray(offset + 4, offset + 8 + length));
          assert.equal(item.imageFile.readUInt32BE(offset + 8 + length), crc, item.name);
          offset += length + 12;
        }
      }
    });

    it('uses every geometry, object tags, image tags, an image without objects and one with every class', () => {
      const geometries = new Set(
        items.flatMap((item) => item.annotation.objects.map((object) => object.geometryType)),
      );
      assert.deepEqual([...geometries].sort(), ['bitmap', 'point', 'polygon', 'rectangle']);
      const objectTags = items.flatMap((item) => item.annotation.objects.flatMap((object) => object.tags));
      assert.ok(objectTags.length > 0);
      assert.ok(objectTags.every((tag) => tag.name === 'difficult' && tag.value === null));
      const imageTags = items.flatMap((item) => item.annotation.tags);
      assert.ok(imageTags.length > 0);
      assert.ok(
        imageTags.every(
          (tag) => tag.name === 'weather' && ['sunny', 'cloudy', 'rain'].includes(tag.value ?? ''),
        ),
      );
      assert.ok(items.some((item) => item.annotation.objects.length === 0));
      assert.ok(
        items.some(
          (item) => new Set(item.annotation.objects.map((o) => o.classTitle)).size === meta.classes.length,
        ),
      );
    });

    it('accounts for every pixel of a class colour with an annotation of that class', () => {
      for (const item of items) {
        const { width, height } = item.annotation.size;
        for (const [title, rgb] of colorOf) {
          const expected = item.annotation.objects
            .filter((object) => object.classTitle === title)
            .reduce((sum, object) => {
              const points = object.points?.exterior ?? [];
              switch (object.geometryType) {
                case 'rectangle': {
                  const [[left, top], [right, bottom]] = points as [XY, XY];
                  return sum + (right - left + 1) * (bottom - top + 1);
                }
                case 'polygon':
                  return sum + polygonPixelCount(object, width, height);
                case 'bitmap': {
                  const { raster, isSet } = decodeBitmap(defined(object.bitmap, 'bitmap').data);
                  let set = 0;
                  for (let y = 0; y < raster.height; y++) {
                    for (let x = 0; x < raster.width; x++) {
                      if (isSet(x, y)) set++;
                    }
                  }
                  return sum + set;
                }
                case 'point':
                  return sum + 9; // drawn as a 3x3 marker
                default:
                  return assert.fail(`unexpected geometry ${object.geometryType}`);
              }
            }, 0);
          assert.equal(countColor(item.image, rgb), expected, `${item.name}: ${title} pixels`);
        }
      }
    });

    it('draws rectangles on their inclusive bounds and points on their pixel', () => {
      const squareColor = defined(colorOf.get('square'), 'square colour');
      for (const { item, object } of objectsOf('rectangle')) {
        const [[left, top], [right, bottom]] = defined(object.points, 'points').exterior as [XY, XY];
        for (const [x, y] of [
          [left, top],
          [right, bottom],
          [left, bottom],
          [right, top],
        ] as const) {
          assert.ok(pixelIs(item.image, x, y, squareColor), `${item.name}: corner ${x},${y}`);
        }
        assert.ok(
          !pixelIs(item.image, right + 1, bottom, squareColor),
          `${item.name}: right edge is inclusive`,
        );
      }
      const dotColor = defined(colorOf.get('dot'), 'dot colour');
      for (const { item, object } of objectsOf('point')) {
        const [x, y] = defined(defined(object.points, 'points').exterior[0], 'point');
        assert.ok(pixelIs(item.image, x, y, dotColor), `${item.name}: dot at ${x},${y}`);
      }
    });

    it('leaves the hole of a polygon undrawn and draws its ring', () => {
      const donutColor = defined(colorOf.get('donut'), 'donut colour');
      const donuts = objectsOf('polygon').filter(({ object }) => (object.points?.interior.length ?? 0) > 0);
      assert.ok(donuts.length > 0, 'no polygon with a hole');
      for (const { item, object } of donuts) {
        const { exterior, interior } = defined(object.points, 'points');
        const hole = defined(interior[0], 'hole');
        const holeX = Math.floor(hole.reduce((sum, [x]) => sum + x, 0) / hole.length);
        const holeY = Math.floor(hole.reduce((sum, [, y]) => sum + y, 0) / hole.length);
        const ringX = Math.floor(
          (Math.min(...exterior.map(([x]) => x)) + Math.min(...hole.map(([x]) => x))) / 2,
        );
        assert.ok(!pixelIs(item.image, holeX, holeY, donutColor), `${item.name}: hole at ${holeX},${holeY}`);
        assert.ok(pixelIs(item.image, ringX, holeY, donutColor), `${item.name}: ring at ${ringX},${holeY}`);
      }
    });

    it('stores bitmaps as zlib-compressed PNG masks that match the drawn blob, in both mask layouts', () => {
      const blobColor = defined(colorOf.get('blob'), 'blob colour');
      const bitmaps = objectsOf('bitmap');
      assert.ok(bitmaps.length > 0, 'no bitmap');
      const layouts = new Set<number>();
      for (const { item, object } of bitmaps) {
        const { data, origin } = defined(object.bitmap, 'bitmap');
        const { raster, isSet } = decodeBitmap(data);
        layouts.add(raster.channels);
        for (let y = 0; y < raster.height; y++) {
          for (let x = 0; x < raster.width; x++) {
            const drawn = pixelIs(item.image, origin[0] + x, origin[1] + y, blobColor);
            assert.equal(isSet(x, y), drawn, `${item.name}: mask pixel ${x},${y}`);
          }
        }
      }
      assert.deepEqual([...layouts].sort(), [1, 4]);
    });
  });

  describe('COCO variant', () => {
    let coco: CocoFile = { images: [], annotations: [], categories: [] };
    before(() => {
      coco = readJson(path.join(outDir, 'coco', 'annotations.json')) as CocoFile;
    });

    it('numbers the categories 1..N in meta order', () => {
      assert.deepEqual(
        coco.categories.map(({ id, name }) => [id, name]),
        meta.classes.map(({ title }, index) => [index + 1, title]),
      );
    });

    it('lists every image once, with its size, next to a copy of its bytes', () => {
      assert.deepEqual(
        coco.images.map((image) => image.id),
        items.map((_, index) => index + 1),
      );
      assert.deepEqual(
        coco.images.map((image) => image.file_name).sort(),
        items.map((item) => item.name).sort(),
      );
      for (const image of coco.images) {
        const item = itemNamed(image.file_name);
        assert.deepEqual({ width: image.width, height: image.height }, item.annotation.size);
        assert.ok(
          fs.readFileSync(path.join(outDir, 'coco', 'images', image.file_name)).equals(item.imageFile),
        );
      }
    });

    it('exports every object but points, with consistent ids, bbox and area', () => {
      const exportable = items.flatMap((item) =>
        item.annotation.objects.filter((o) => o.geometryType !== 'point'),
      );
      assert.equal(coco.annotations.length, exportable.length);
      assert.deepEqual(
        coco.annotations.map((annotation) => annotation.id),
        coco.annotations.map((_, index) => index + 1),
      );
      const dotId = meta.classes.findIndex((entry) => entry.title === 'dot') + 1;
      const squareId = meta.classes.findIndex((entry) => entry.title === 'square') + 1;
      for (const annotation of coco.annotations) {
        const [x, y, w, h] = annotation.bbox;
        assert.ok(
          [x, y, w, h].every(Number.isInteger) && w > 0 && h > 0,
          `bbox ${JSON.stringify(annotation.bbox)}`,
        );
        assert.notEqual(annotation.category_id, dotId);
        assert.equal(annotation.iscrowd, 0);
        if (annotation.category_id === squareId) {
          assert.equal(annotation.area, w * h, 'a rectangle fills its box');
        } else {
          assert.ok(annotation.area > 0 && annotation.area <= w * h, `area ${annotation.area} in ${w * h}`);
        }
      }
    });

    it('writes holes and bitmaps as RLE that decodes to the drawn pixels', () => {
      const donutId = meta.classes.findIndex((entry) => entry.title === 'donut') + 1;
      const rleAnnotations = coco.annotations.filter((annotation) => isRle(annotation.segmentation));
      assert.ok(
        rleAnnotations.some((annotation) => annotation.category_id === donutId),
        'no donut as RLE',
      );
      for (const annotation of rleAnnotations) {
        const rle = annotation.segmentation as CocoRle;
        const image = defined(
          coco.images.find((candidate) => candidate.id === annotation.image_id),
          `image ${annotation.image_id}`,
        );
        const item = itemNamed(image.file_name);
        assert.deepEqual(rle.size, [image.height, image.width]);
        assert.equal(
          rle.counts.reduce((sum, count) => sum + count, 0),
          image.height * image.width,
        );
        const mask = decodeRle(rle);
        assert.equal(
          mask.reduce((sum, value) => sum + value, 0),
          annotation.area,
        );
        const color = defined(
          colorOf.get(defined(meta.classes[annotation.category_id - 1], 'class').title),
          'colour',
        );
        const [left, top, w, h] = annotation.bbox;
        for (let y = top; y < top + h; y++) {
          for (let x = left; x < left + w; x++) {
            assert.equal(
              mask[y * image.width + x] === 1,
              pixelIs(item.image, x, y, color),
              `${image.file_name} ${x},${y}`,
            );
          }
        }
      }
    });

    it('gives a polygon with a hole the pixel count of its raster', () => {
      const donutId = meta.classes.findIndex((entry) => entry.title === 'donut') + 1;
      for (const image of coco.images) {
        const item = itemNamed(image.file_name);
        const rasterCounts = item.annotation.objects
          .filter((object) => object.classTitle === 'donut')
          .map((object) => polygonPixelCount(object, image.width, image.height));
        const rleCounts = coco.annotations
          .filter((annotation) => annotation.image_id === image.id && annotation.category_id === donutId)
          .map((annotation) =>
            decodeRle(annotation.segmentation as CocoRle).reduce((sum, value) => sum + value, 0),
          );
        const ascending = (a: number, b: number): number => a - b;
        assert.deepEqual(rleCounts.sort(ascending), rasterCounts.sort(ascending), item.name);
      }
    });

    it('writes polygons without holes as flat polygon lists', () => {
      const lists = coco.annotations.filter((annotation) => !isRle(annotation.segmentation));
      assert.ok(lists.length > 0);
      for (const annotation of lists) {
        const polygons = annotation.segmentation as number[][];
        assert.ok(polygons.every((polygon) => polygon.length >= 6 && polygon.length % 2 === 0));
      }
    });
  });

  describe('YOLO variant', () => {
    const yoloDir = (): string => path.join(outDir, 'yolo');
    const stemsIn = (folder: string, extension: string): string[] =>
      fs
        .readdirSync(path.join(yoloDir(), folder))
        .map((name) => {
          assert.ok(name.endsWith(extension), name);
          return name.slice(0, -extension.length);
        })
        .sort();

    it('names the classes in meta order in data.yaml', () => {
      const lines = fs.readFileSync(path.join(yoloDir(), 'data.yaml'), 'utf8').split('\n');
      assert.ok(lines.includes('path: .'));
      assert.ok(lines.includes('train: images/train'));
      assert.ok(lines.includes('val: images/val'));
      const names = lines.slice(lines.indexOf('names:') + 1).filter((line) => line.trim() !== '');
      assert.deepEqual(
        names,
        meta.classes.map(({ title }, index) => `  ${index}: ${title}`),
      );
    });

    it('splits every image into train or val, each with a label file', () => {
      const train = stemsIn('images/train', '.png');
      const val = stemsIn('images/val', '.png');
      assert.ok(train.length > 0 && val.length > 0);
      assert.deepEqual(stemsIn('labels/train', '.txt'), train);
      assert.deepEqual(stemsIn('labels/val', '.txt'), val);
      assert.deepEqual([...train, ...val].sort(), items.map((item) => stem(item.name)).sort());
    });

    it('writes one normalised box per non-point object and empty files for background images', () => {
      const classCount = meta.classes.length;
      let backgrounds = 0;
      for (const item of items) {
        const split = fs.existsSync(path.join(yoloDir(), 'labels', 'val', `${stem(item.name)}.txt`))
          ? 'val'
          : 'train';
        const text = fs.readFileSync(path.join(yoloDir(), 'labels', split, `${stem(item.name)}.txt`), 'utf8');
        const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
        const boxed = item.annotation.objects.filter((object) => object.geometryType !== 'point');
        assert.equal(lines.length, boxed.length, item.name);
        if (item.annotation.objects.length === 0) {
          assert.equal(text, '', `${item.name} is a background image`);
          backgrounds++;
        }
        for (const line of lines) {
          const [cls, ...values] = line.split(' ');
          assert.ok(Number.isInteger(Number(cls)) && Number(cls) >= 0 && Number(cls) < classCount, line);
          assert.equal(values.length, 4, line);
          assert.ok(
            values.every((value) => /^[01]\.\d{6}$/.test(value)),
            line,
          );
          const [cx, cy, w, h] = values.map(Number) as [number, number, number, number];
          assert.ok(
            [cx, cy, w, h].every((value) => value >= 0 && value <= 1),
            line,
          );
          assert.ok(
            cx - w / 2 >= -1e-6 && cx + w / 2 <= 1 + 1e-6 && cy - h / 2 >= -1e-6 && cy + h / 2 <= 1 + 1e-6,
            line,
          );
        }
      }
      assert.ok(backgrounds > 0, 'no background image');
    });
  });
});

describe('fixture building blocks', () => {
  it('round-trips PNGs of every channel count with the right colour type', () => {
    const colorTypes = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;
    for (const channels of [1, 2, 3, 4] as const) {
      const raster: Raster = {
        width: 5,
        height: 3,
        channels,
        data: Uint8Array.from({ length: 15 * channels }, (_, i) => i * 7),
      };
      const png = encodePng(raster);
      assert.deepEqual(readIhdrSize(png), { width: 5, height: 3 });
      assert.equal(png.readUInt8(25), colorTypes[channels]);
      assert.deepEqual(decodePng(png), raster);
    }
  });

  it('fills polygons by pixel centres with the even-odd rule', () => {
    const mask = createMask(6, 6);
    const outer = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
    ] as const;
    const hole = [
      [1, 1],
      [3, 1],
      [3, 3],
      [1, 3],
    ] as const;
    fillPolygon(mask, [outer, hole]);
    assert.equal(countSet(mask), 16 - 4);
    assert.ok(isSet(mask, 0, 0) && isSet(mask, 3, 3));
    assert.ok(!isSet(mask, 1, 1) && !isSet(mask, 2, 2), 'the hole is empty');
    assert.ok(!isSet(mask, 4, 0) && !isSet(mask, 0, 4), 'right and bottom edges are exclusive');
  });
});

describe('fixtures command line', () => {
  function runCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('writes the fixtures and says what it wrote', () => {
    const outDir = path.join(makeTempDir('cli'), 'fixtures');
    const result = runCli(['--seed', '3', '--out', outDir, '--images-per-dataset', '2', '--size', '48']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /supervisely\/.*6 images/);
    assert.match(result.stdout, /train_b\/night/);
    assert.ok(
      fs.existsSync(path.join(outDir, 'supervisely', 'train_b', 'datasets', 'night', 'img', 'night_001.png')),
    );
    assert.ok(fs.existsSync(path.join(outDir, 'yolo', 'data.yaml')));
  });

  it('rejects bad arguments with exit code 2 and a single line', () => {
    const nonEmpty = makeTempDir('cli-busy');
    fs.writeFileSync(path.join(nonEmpty, 'keep.txt'), 'user data');
    const fresh = path.join(makeTempDir('cli-bad'), 'out');
    const cases: readonly (readonly string[])[] = [
      ['--seed', '7', '--out', fresh, '--size', 'big'],
      ['--seed', '7', '--out', fresh, '--size', '8'],
      ['--seed', 'seven', '--out', fresh],
      ['--out', fresh],
      ['--seed', '7'],
      ['--seed', '7', '--out', fresh, '--colour'],
      ['--seed', '7', '--out', fresh, 'extra'],
      ['--seed', '7', '--out', nonEmpty],
    ];
    for (const args of cases) {
      const result = runCli(args);
      const label = args.join(' ');
      assert.equal(result.status, 2, label);
      assert.equal(result.stdout, '', label);
      assert.match(result.stderr, /^fixtures: [^\n]+\n$/, label);
      assert.doesNotMatch(result.stderr, /\n\s+at /, label);
    }
    assert.equal(fs.existsSync(fresh), false);
    assert.deepEqual(fs.readdirSync(nonEmpty), ['keep.txt']);
  });
});
