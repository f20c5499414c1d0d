// The generated fixture, read in its three formats, must give the same objects: the pixels each covers,
// its class and its box. The Supervisely copy is also checked against the painted image itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DatasetIndex, DatasetItem, Mask } from '../../../src/data/model';
import { readDataset } from '../../../src/data/readers';
import { CLASSES } from '../../fixtures/catalog';
import { generateFixtures } from '../../fixtures/generate';
import type { FixtureSummary } from '../../fixtures/generate';
import { decodePng } from '../../fixtures/png';
import { boundsOf, pixelKey, rasterize, tempDir } from './readersSupport';

interface Generated {
  readonly summary: FixtureSummary;
  readonly supervisely: DatasetIndex;
  readonly coco: DatasetIndex;
  readonly yolo: DatasetIndex;
}

function generate(seed: number): Generated {
  const outDir = path.join(tempDir(`readers-${seed}`), 'fixture');
  const summary = generateFixtures({ seed, outDir, imagesPerDataset: 8, size: 96 });
  return {
    summary,
    supervisely: readDataset(path.join(outDir, 'supervisely')),
    coco: readDataset(path.join(outDir, 'coco')),
    yolo: readDataset(path.join(outDir, 'yolo')),
  };
}

const SEEDS = [7, 1234];
const generated = SEEDS.map(generate);

function byName(index: DatasetIndex): Map<string, DatasetItem> {
  return new Map(index.items.map((item) => [item.name, item]));
}

/** Each object with a box (points have none) as "class pixels", sorted. */
function regionKeys(item: DatasetItem, describe: (mask: Mask) => string): string[] {
  return item.objects
    .filter((object) => object.geometry.type !== 'point')
    .map((object) => `${object.classTitle} ${describe(rasterize(object.geometry, item.width, item.height))}`)
    .sort();
}

const COLOUR_OF = new Map(CLASSES.map((fixtureClass) => [fixtureClass.title, fixtureClass.color.join(',')]));
const CLASS_OF_COLOUR = new Map(
  CLASSES.map((fixtureClass) => [fixtureClass.color.join(','), fixtureClass.title]),
);

/** The class each pixel is annotated with, from the objects alone: a point covers its 3×3 marker. */
function annotatedClasses(item: DatasetItem): (string | undefined)[] {
  const classes: (string | undefined)[] = new Array<string | undefined>(item.width * item.height);
  for (const object of item.objects) {
    const { geometry } = object;
    if (geometry.type === 'point') {
      for (let y = geometry.y - 1; y <= geometry.y + 1; y++) {
        for (let x = geometry.x - 1; x <= geometry.x + 1; x++)
          classes[y * item.width + x] = object.classTitle;
      }
      continue;
    }
    rasterize(geometry, item.width, item.height).data.forEach((value, pixel) => {
      if (value === 1) classes[pixel] = object.classTitle;
    });
  }
  return classes;
}

describe('readers on the generated fixture', () => {
  for (const [position, { summary, supervisely, coco, yolo }] of generated.entries()) {
    const seed = SEEDS[position] ?? 0;

    it(`seed ${seed}: Supervisely gives every dataset, nested ones included, every image and every object`, () => {
      assert.equal(supervisely.format, 'supervisely');
      assert.deepEqual(supervisely.datasets, ['train_a', 'train_b', 'train_b/night']);
      assert.deepEqual(supervisely.datasets, summary.supervisely.datasets);
      assert.equal(supervisely.items.length, summary.supervisely.images);
      const objects = supervisely.items.reduce((sum, item) => sum + item.objects.length, 0);
      assert.equal(objects, summary.supervisely.objects);
      assert.deepEqual(supervisely.problems, []);
      const night = supervisely.items.find((item) => item.dataset === 'train_b/night');
      assert.equal(night?.ref, 'train_b/night/night_000.png');
      assert.deepEqual([night.width, night.height], [96, 72]);
      assert.equal(
        night.imagePath,
        path.join(summary.outDir, 'supervisely/train_b/datasets/night/img/night_000.png'),
      );
    });

    it(`seed ${seed}: Supervisely objects cover exactly the pixels painted in their class colour`, () => {
      for (const item of supervisely.items) {
        const image = decodePng(fs.readFileSync(item.imagePath));
        const annotated = annotatedClasses(item);
        for (let pixel = 0; pixel < item.width * item.height; pixel++) {
          const colour = Array.from(image.data.subarray(pixel * 3, pixel * 3 + 3)).join(',');
          const painted = CLASS_OF_COLOUR.get(colour);
          const expected = annotated[pixel];
          if (painted !== expected) {
            assert.fail(
              `${item.ref}: pixel ${pixel % item.width},${Math.floor(pixel / item.width)} is painted ${String(painted)} but annotated ${String(expected)}`,
            );
          }
        }
      }
      assert.equal(COLOUR_OF.size, 5);
    });

    it(`seed ${seed}: Supervisely meta, tags on images and objects, and every fixture geometry`, () => {
      assert.deepEqual(
        supervisely.meta.classes.map((classMeta) => [classMeta.title, classMeta.shape]),
        CLASSES.map((fixtureClass) => [fixtureClass.title, fixtureClass.shape]),
      );
      assert.deepEqual(
        supervisely.meta.tags.map((tag) => tag.name),
        ['difficult', 'weather'],
      );
      const first = supervisely.items[0];
      assert.deepEqual(first?.objects.map((object) => object.geometry.type).sort(), [
        'bitmap',
        'point',
        'polygon',
        'polygon',
        'rectangle',
      ]);
      const imageTags = supervisely.items.flatMap((item) => item.tags);
      assert.ok(imageTags.length > 0);
      for (const tag of imageTags) assert.match(String(tag.value), /^(sunny|cloudy|rain)$/);
      const objectTags = supervisely.items.flatMap((item) => item.objects.flatMap((object) => object.tags));
      assert.ok(objectTags.length > 0);
      for (const tag of objectTags) assert.deepEqual(tag, { name: 'difficult' });
      const donut = first.objects.find((object) => object.classTitle === 'donut')?.geometry;
      assert.equal(donut?.type === 'polygon' ? donut.interior.length : -1, 1);
    });

    it(`seed ${seed}: COCO gives the same images and, but for points, the same pixels per object`, () => {
      assert.equal(coco.format, 'coco');
      assert.deepEqual(coco.datasets, ['annotations']);
      assert.deepEqual(coco.problems, []);
      assert.equal(coco.items.length, summary.coco.images);
      assert.equal(
        coco.items.reduce((sum, item) => sum + item.objects.length, 0),
        summary.coco.annotations,
      );
      const cocoItems = byName(coco);
      for (const item of supervisely.items) {
        const other = cocoItems.get(item.name);
        assert.ok(other, item.name);
        assert.deepEqual([other.width, other.height], [item.width, item.height]);
        assert.deepEqual(regionKeys(other, pixelKey), regionKeys(item, pixelKey), item.name);
        assert.ok(other.objects.every((object) => !object.crowd));
      }
    });

    it(`seed ${seed}: COCO class shapes are derived from the annotations, colours from the class index`, () => {
      assert.deepEqual(
        coco.meta.classes.map((classMeta) => [classMeta.title, classMeta.shape]),
        [
          ['square', 'polygon'],
          ['donut', 'bitmap'],
          ['triangle', 'polygon'],
          ['blob', 'bitmap'],
          ['dot', 'rectangle'],
        ],
      );
      const colours = coco.meta.classes.map((classMeta) => classMeta.color);
      assert.equal(new Set(colours).size, colours.length);
      for (const colour of colours) assert.match(colour, /^#[0-9A-F]{6}$/);
      assert.deepEqual(
        yolo.meta.classes.map((classMeta) => classMeta.color),
        colours,
      );
    });

    it(`seed ${seed}: YOLO gives the same images in train and val and, but for points, the same boxes`, () => {
      assert.equal(yolo.format, 'yolo');
      assert.deepEqual(yolo.datasets, ['train', 'val']);
      assert.deepEqual(yolo.problems, []);
      assert.equal(yolo.items.filter((item) => item.dataset === 'train').length, summary.yolo.train);
      assert.equal(yolo.items.filter((item) => item.dataset === 'val').length, summary.yolo.val);
      assert.equal(
        yolo.items.reduce((sum, item) => sum + item.objects.length, 0),
        summary.yolo.boxes,
      );
      assert.equal(
        yolo.items.filter((item) => item.objects.length === 0).length,
        summary.yolo.backgroundImages,
      );
      assert.ok(yolo.meta.classes.every((classMeta) => classMeta.shape === 'rectangle'));
      const yoloItems = byName(yolo);
      for (const item of supervisely.items) {
        const other = yoloItems.get(item.name);
        assert.ok(other, item.name);
        assert.equal(other.ref, `${other.dataset}/${item.name}`);
        assert.deepEqual([other.width, other.height], [item.width, item.height]);
        assert.ok(other.objects.every((object) => object.geometry.type === 'rectangle'));
        assert.deepEqual(regionKeys(other, boundsOf), regionKeys(item, boundsOf), item.name);
      }
    });
  }
});
