import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readCoco, readDataset } from '../../../src/data/readers';
import { compressRleCounts, encodeRle } from '../../../src/data/rle';
import { maskOf, pngImage, tempDir, writeFile, writeJson } from './readersSupport';

const WIDTH = 40;
const HEIGHT = 30;
const STAIN = maskOf(['.##.', '####', '.#..']);
const STAIN_ORIGIN = [5, 6] as const;

/** STAIN placed at STAIN_ORIGIN in a whole image, as COCO stores masks. */
function stainRle(): { size: [number, number]; counts: number[] } {
  const data = new Uint8Array(WIDTH * HEIGHT);
  STAIN.data.forEach((value, pixel) => {
    const x = STAIN_ORIGIN[0] + (pixel % STAIN.width);
    const y = STAIN_ORIGIN[1] + Math.floor(pixel / STAIN.width);
    data[y * WIDTH + x] = value;
  });
  return encodeRle({ width: WIDTH, height: HEIGHT, data });
}

describe('COCO reader', () => {
  const root = tempDir('coco');
  const jsonPath = path.join(root, 'annotations', 'instances_val2017.json');
  for (const name of ['a.png', 'b.png']) writeFile(path.join(root, 'val2017', name), pngImage(WIDTH, HEIGHT));
  const rle = stainRle();
  const annotation = (id: number, imageId: number, categoryId: number, extra: object): object => ({
    id,
    image_id: imageId,
    category_id: categoryId,
    area: 1,
    iscrowd: 0,
    ...extra,
  });
  writeJson(jsonPath, {
    info: { description: 'test' },
    images: [
      { id: 10, file_name: 'a.png', width: WIDTH, height: HEIGHT },
      { id: 20, file_name: 'b.png', width: WIDTH, height: HEIGHT },
    ],
    annotations: [
      annotation(1, 10, 3, { segmentation: [[1, 1, 10, 1, 10, 8]], bbox: [1, 1, 9, 7] }),
      annotation(2, 10, 3, {
        segmentation: [
          [0, 0, 4, 0, 4, 4],
          [20, 20, 30, 20, 30, 29.5, 20, 29.5],
        ],
        bbox: [0, 0, 30, 30],
      }),
      annotation(3, 20, 7, {
        segmentation: { size: rle.size, counts: compressRleCounts(rle.counts) },
        bbox: [5, 6, 4, 3],
      }),
      annotation(4, 20, 7, { segmentation: rle, bbox: [5, 6, 4, 3], iscrowd: 1 }),
      annotation(5, 20, 9, { bbox: [2.4, 3, 10, 5] }),
      annotation(6, 20, 11, { segmentation: [], bbox: [0, 0, 40, 30] }),
      annotation(7, 10, 11, { segmentation: [[1, 1, 10, 1, 10, 8]], bbox: [1, 1, 9, 7] }),
    ],
    categories: [
      { id: 3, name: 'road', supercategory: 'x' },
      { id: 7, name: 'stain', supercategory: 'x' },
      { id: 9, name: 'car', supercategory: 'x' },
      { id: 11, name: 'mixed', supercategory: 'x' },
      { id: 13, name: 'unused', supercategory: 'x' },
    ],
  });

  const index = readDataset(root);
  const [first, second] = index.items;

  it('finds instances_<split>.json in annotations/ and its images in the <split> folder', () => {
    assert.equal(index.format, 'coco');
    assert.deepEqual(index.datasets, ['val2017']);
    assert.deepEqual(
      index.items.map((item) => [item.ref, item.imagePath, item.width, item.height]),
      [
        ['val2017/a.png', path.join(root, 'val2017/a.png'), WIDTH, HEIGHT],
        ['val2017/b.png', path.join(root, 'val2017/b.png'), WIDTH, HEIGHT],
      ],
    );
    assert.deepEqual(index.problems, []);
  });

  it('reads one polygon as a polygon and several as a multipolygon', () => {
    assert.deepEqual(first?.objects[0]?.geometry, {
      type: 'polygon',
      exterior: [
        [1, 1],
        [10, 1],
        [10, 8],
      ],
      interior: [],
    });
    assert.deepEqual(first.objects[1]?.geometry, {
      type: 'multipolygon',
      parts: [
        {
          exterior: [
            [0, 0],
            [4, 0],
            [4, 4],
          ],
          interior: [],
        },
        {
          exterior: [
            [20, 20],
            [30, 20],
            [30, 29.5],
            [20, 29.5],
          ],
          interior: [],
        },
      ],
    });
  });

  it('decodes compressed and uncompressed (column-major) RLE to the same mask, cropped to its pixels', () => {
    const expected = { type: 'bitmap', origin: STAIN_ORIGIN, mask: STAIN };
    assert.deepEqual(second?.objects[0]?.geometry, expected);
    assert.deepEqual(second.objects[1]?.geometry, expected);
  });

  it('marks iscrowd annotations as crowds', () => {
    assert.deepEqual(
      second?.objects.map((object) => object.crowd),
      [false, true, false, false],
    );
  });

  it('reads an annotation with only a bbox as an inclusive rectangle of whole pixels', () => {
    assert.deepEqual(second?.objects[2]?.geometry, {
      type: 'rectangle',
      left: 2,
      top: 3,
      right: 11,
      bottom: 7,
    });
    assert.deepEqual(second.objects[3]?.geometry, {
      type: 'rectangle',
      left: 0,
      top: 0,
      right: 39,
      bottom: 29,
    });
  });

  it('derives class shapes: polygon, bitmap when any mask, rectangle for boxes, any for a mixture', () => {
    assert.deepEqual(
      index.meta.classes.map((classMeta) => [classMeta.title, classMeta.shape]),
      [
        ['road', 'polygon'],
        ['stain', 'bitmap'],
        ['car', 'rectangle'],
        ['mixed', 'any'],
        ['unused', 'rectangle'],
      ],
    );
    assert.deepEqual(
      first?.objects.map((object) => object.classTitle),
      ['road', 'road', 'mixed'],
    );
  });

  it('reads the JSON file given directly, the folder above annotations/ being the root', () => {
    const direct = readCoco(jsonPath);
    assert.equal(direct.root, root);
    assert.deepEqual(direct.items, index.items);
    assert.deepEqual(readDataset(jsonPath).items, index.items);
  });

  it('reads several annotation files as one dataset each, classes merged by name', () => {
    const twoRoot = tempDir('coco-two');
    for (const split of ['train', 'val']) {
      writeFile(path.join(twoRoot, 'images', `${split}.png`), pngImage(8, 8));
      writeJson(path.join(twoRoot, 'annotations', `instances_${split}.json`), {
        images: [{ id: 1, file_name: `${split}.png`, width: 8, height: 8 }],
        annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 2, 2], iscrowd: 0 }],
        categories: [
          { id: 1, name: split === 'train' ? 'cat' : 'dog' },
          { id: 2, name: 'cow' },
        ],
      });
    }
    const two = readDataset(twoRoot);
    assert.deepEqual(two.datasets, ['train', 'val']);
    assert.deepEqual(
      two.items.map((item) => [item.ref, item.objects[0]?.classTitle]),
      [
        ['train/train.png', 'cat'],
        ['val/val.png', 'dog'],
      ],
    );
    assert.deepEqual(
      two.meta.classes.map((classMeta) => classMeta.title),
      ['cat', 'cow', 'dog'],
    );
  });
});
