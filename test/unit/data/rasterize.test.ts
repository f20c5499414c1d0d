import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { maskOutline, objectPixels, paintGeometry, rasterizeGeometry } from '../../../src/data/convert';
import type { AreaGeometry } from '../../../src/data/convert';
import type { Mask, Point } from '../../../src/data/model';
import { readSupervisely } from '../../../src/data/readers';
import { decodeRle } from '../../../src/data/rle';
import { CLASSES } from '../../fixtures/catalog';
import { generateFixtures } from '../../fixtures/generate';
import { decodePng } from '../../fixtures/png';
import { generateProject } from '../../fixtures/project';
import { createRandom } from '../../fixtures/random';
import { createMask, fillPolygon } from '../../fixtures/raster';
import type { Shape } from '../../fixtures/shapes';

/** The fixture generator's shapes in the index's terms; points have no area. */
function geometryOf(shape: Shape): AreaGeometry | undefined {
  switch (shape.geometry) {
    case 'rectangle':
      return { type: 'rectangle', ...shape.bounds };
    case 'polygon':
      return { type: 'polygon', exterior: shape.exterior, interior: shape.interior };
    case 'bitmap':
      return { type: 'bitmap', origin: shape.origin, mask: shape.mask };
    case 'point':
      return undefined;
  }
}

function differingPixels(actual: Mask, expected: Mask): number {
  assert.equal(actual.width, expected.width);
  assert.equal(actual.height, expected.height);
  return actual.data.reduce((count, value, offset) => count + (value === expected.data[offset] ? 0 : 1), 0);
}

describe('rasteriser against the fixture generator', () => {
  it('draws every rectangle, polygon with holes and bitmap pixel for pixel as the generator does', () => {
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const { scene } of generateProject({ seed, imagesPerDataset: 6, size: 64 + seed * 7 })) {
        for (const object of scene.objects) {
          const geometry = geometryOf(object.shape);
          if (geometry === undefined) continue;
          assert.equal(
            differingPixels(rasterizeGeometry(geometry, scene.width, scene.height), object.mask),
            0,
          );
          compared++;
        }
      }
    }
    assert.ok(compared > 150, `only ${compared} objects compared`);
  });

  it('fills random polygons with holes like the generator’s independent even-odd fill', () => {
    const random = createRandom(99);
    const coordinate = (limit: number) =>
      random.chance(0.5)
        ? random.int(-2, limit + 2)
        : random.int(-4, limit * 2 + 4) / 2 + (random.chance(0.3) ? random.next() : 0);
    for (let trial = 0; trial < 300; trial++) {
      const width = random.int(5, 40);
      const height = random.int(5, 40);
      const ring = (): Point[] =>
        Array.from({ length: random.int(3, 9) }, (): Point => [coordinate(width), coordinate(height)]);
      const exterior = ring();
      const interior = random.chance(0.5) ? [ring()] : [];
      const expected = createMask(width, height);
      fillPolygon(expected, [exterior, ...interior]);
      const actual = rasterizeGeometry({ type: 'polygon', exterior, interior }, width, height);
      assert.equal(
        differingPixels(actual, expected),
        0,
        JSON.stringify({ width, height, exterior, interior }),
      );
    }
  });

  describe('through the Supervisely reader, the PNGs and the COCO masks', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasterize-'));
    after(() => {
      fs.rmSync(outDir, { recursive: true, force: true });
    });
    generateFixtures({ seed: 11, outDir: path.join(outDir, 'fixtures'), imagesPerDataset: 6, size: 72 });
    const index = readSupervisely(path.join(outDir, 'fixtures', 'supervisely'));

    it('matches the class colours painted in every image', () => {
      for (const item of index.items) {
        const image = decodePng(fs.readFileSync(item.imagePath));
        for (const fixtureClass of CLASSES.filter((cls) => cls.shape !== 'point')) {
          const union = new Uint8Array(item.width * item.height);
          for (const object of item.objects.filter((o) => o.classTitle === fixtureClass.title)) {
            paintGeometry(
              { bounds: { left: 0, top: 0, right: item.width - 1, bottom: item.height - 1 }, data: union },
              object.geometry as AreaGeometry,
              1,
            );
          }
          const painted = union.map((_, pixel) => {
            const rgb = image.data.subarray(pixel * image.channels, pixel * image.channels + 3);
            return rgb.every((channel, at) => channel === fixtureClass.color[at]) ? 1 : 0;
          });
          assert.deepEqual(union, painted, `${item.ref}, class ${fixtureClass.title}`);
        }
      }
    });

    it('matches the COCO RLE masks, bboxes and areas', () => {
      interface Coco {
        images: { id: number; file_name: string }[];
        annotations: {
          image_id: number;
          bbox: number[];
          area: number;
          segmentation: number[][] | { size: [number, number]; counts: number[] };
        }[];
      }
      const coco = JSON.parse(
        fs.readFileSync(path.join(outDir, 'fixtures', 'coco', 'annotations.json'), 'utf8'),
      ) as Coco;
      let rles = 0;
      for (const image of coco.images) {
        const item = index.items.find((candidate) => candidate.name === image.file_name);
        assert.ok(item, image.file_name);
        const objects = item.objects.filter((object) => object.geometry.type !== 'point');
        const annotations = coco.annotations.filter((annotation) => annotation.image_id === image.id);
        assert.equal(annotations.length, objects.length);
        annotations.forEach((annotation, position) => {
          const geometry = objects[position]?.geometry as AreaGeometry;
          const pixels = objectPixels(geometry, item.width, item.height);
          assert.ok(pixels);
          const [left, top] = pixels.origin;
          assert.deepEqual(annotation.bbox, [left, top, pixels.mask.width, pixels.mask.height]);
          assert.equal(
            annotation.area,
            pixels.mask.data.reduce((sum, value) => sum + value, 0),
          );
          if (!Array.isArray(annotation.segmentation)) {
            const expected = decodeRle(annotation.segmentation);
            assert.equal(differingPixels(rasterizeGeometry(geometry, item.width, item.height), expected), 0);
            rles++;
          }
        });
      }
      assert.ok(rles > 5, `only ${rles} RLE masks compared`);
    });
  });
});

describe('rasteriser edge cases', () => {
  it('unites overlapping parts of a multipolygon rather than cancelling them', () => {
    const square = (left: number, top: number, side: number): Point[] => [
      [left, top],
      [left + side, top],
      [left + side, top + side],
      [left, top + side],
    ];
    const mask = rasterizeGeometry(
      {
        type: 'multipolygon',
        parts: [
          { exterior: square(0, 0, 4), interior: [] },
          { exterior: square(2, 2, 4), interior: [] },
        ],
      },
      8,
      8,
    );
    assert.equal(mask.data[3 * 8 + 3], 1);
    assert.equal(
      mask.data.reduce((sum, value) => sum + value, 0),
      16 + 16 - 4,
    );
  });

  it('clips rectangles and bitmaps that reach outside the image', () => {
    const rectangle = rasterizeGeometry({ type: 'rectangle', left: -2, top: 3, right: 1, bottom: 9 }, 4, 5);
    assert.equal(
      rectangle.data.reduce((sum, value) => sum + value, 0),
      2 * 2,
    );
    const bitmap = objectPixels(
      {
        type: 'bitmap',
        origin: [2, -1],
        mask: { width: 3, height: 3, data: Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1) },
      },
      4,
      4,
    );
    assert.deepEqual(bitmap, {
      origin: [2, 0],
      mask: { width: 2, height: 2, data: Uint8Array.of(1, 1, 1, 1) },
    });
  });

  it('finds no pixels for a geometry outside the image or too thin to cover a pixel centre', () => {
    assert.equal(
      objectPixels({ type: 'rectangle', left: 10, top: 10, right: 12, bottom: 12 }, 8, 8),
      undefined,
    );
    const sliver: AreaGeometry = {
      type: 'polygon',
      exterior: [
        [1, 1],
        [5, 1],
        [5, 1.4],
      ],
      interior: [],
    };
    assert.equal(objectPixels(sliver, 8, 8), undefined);
  });

  it('paints any value into a window of the image, leaving what lies outside the window', () => {
    const data = new Uint16Array(3 * 2);
    paintGeometry(
      { bounds: { left: 1, top: 1, right: 3, bottom: 2 }, data },
      { type: 'rectangle', left: 0, top: 0, right: 2, bottom: 1 },
      700,
    );
    assert.deepEqual([...data], [700, 700, 0, 0, 0, 0]);
  });
});

describe('mask outline', () => {
  it('traces rings whose even-odd fill gives back random masks exactly, holes and diagonal touches included', () => {
    const random = createRandom(5);
    for (let trial = 0; trial < 200; trial++) {
      const width = random.int(1, 12);
      const height = random.int(1, 12);
      const data = Uint8Array.from({ length: width * height }, () => (random.chance(0.55) ? 1 : 0));
      if (data.every((value) => value === 0)) continue;
      const origin: Point = [random.int(0, 5), random.int(0, 5)];
      const [first, ...rest] = maskOutline({ origin, mask: { width, height, data } });
      assert.ok(first);
      const filled = rasterizeGeometry(
        { type: 'polygon', exterior: first, interior: rest },
        width + 5,
        height + 5,
      );
      const expected = rasterizeGeometry(
        { type: 'bitmap', origin, mask: { width, height, data } },
        width + 5,
        height + 5,
      );
      assert.equal(differingPixels(filled, expected), 0);
    }
  });

  it('keeps only the corners of a straight boundary', () => {
    const rings = maskOutline({
      origin: [3, 4],
      mask: { width: 3, height: 2, data: new Uint8Array(6).fill(1) },
    });
    const [ring, ...others] = rings;
    assert.deepEqual(others, []);
    assert.ok(ring);
    assert.equal(ring.length, 4);
    assert.deepEqual(new Set(ring.map(([x, y]) => `${x},${y}`)), new Set(['3,4', '6,4', '6,6', '3,6']));
  });
});
