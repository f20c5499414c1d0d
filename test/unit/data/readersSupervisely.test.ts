import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DatasetObject, Geometry } from '../../../src/data/model';
import { readSupervisely } from '../../../src/data/readers';
import { bitmapData, maskOf, maskPng, pngImage, tempDir, writeFile, writeJson } from './readersSupport';

const WIDTH = 40;
const HEIGHT = 30;

const META = {
  classes: [
    { title: 'car', shape: 'rectangle', color: '#FF0000', geometry_config: {} },
    { title: 'road', shape: 'polygon', color: '#00FF00', geometry_config: {} },
    { title: 'islands', shape: 'multipolygon', color: '#0000FF', geometry_config: {} },
    { title: 'stain', shape: 'bitmap', color: '#FFFF00', geometry_config: {} },
    { title: 'lane', shape: 'line', color: '#00FFFF', geometry_config: {} },
    { title: 'eye', shape: 'point', color: '#FF00FF', geometry_config: {} },
    { title: 'person', shape: 'graph', color: '#FFFFFF', geometry_config: {} },
    { title: 'thing', shape: 'any', color: '#808080', geometry_config: {} },
  ],
  tags: [
    { name: 'weather', value_type: 'oneof_string', values: ['sun', 'rain'], color: '#123456' },
    { name: 'speed', value_type: 'any_number', color: '#654321' },
    { name: 'occluded', value_type: 'none', color: '#111111' },
  ],
  projectType: 'images',
};

const STAIN = maskOf(['.##.', '####', '.#..']);

function object(classTitle: string, geometryType: string, payload: object, tags: unknown[] = []): object {
  return { classTitle, geometryType, tags, ...payload };
}

function writeItem(datasetDir: string, name: string, annotation: object): void {
  writeFile(path.join(datasetDir, 'img', name), pngImage(WIDTH, HEIGHT));
  writeJson(path.join(datasetDir, 'ann', `${name}.json`), {
    size: { height: HEIGHT, width: WIDTH },
    tags: [],
    objects: [],
    ...annotation,
  });
}

function geometries(objects: readonly DatasetObject[]): Geometry[] {
  return objects.map((entry) => entry.geometry);
}

describe('Supervisely reader', () => {
  const root = tempDir('supervisely');
  writeJson(path.join(root, 'meta.json'), META);
  writeItem(path.join(root, 'city'), 'all.png', {
    tags: [
      { name: 'weather', value: 'rain' },
      { name: 'speed', value: 50 },
      { name: 'occluded', value: null },
    ],
    objects: [
      object(
        'car',
        'rectangle',
        {
          points: {
            exterior: [
              [12, 20],
              [2, 3],
            ],
            interior: [],
          },
        },
        [{ name: 'occluded', value: null }],
      ),
      object('road', 'polygon', {
        points: {
          exterior: [
            [0, 0],
            [20, 0],
            [20, 20],
            [0, 20],
          ],
          interior: [
            [
              [5, 5],
              [10, 5],
              [10, 10],
            ],
          ],
        },
      }),
      object('islands', 'multipolygon', {
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
              [30, 20],
              [40, 20],
              [40, 30],
              [30, 30],
            ],
            interior: [
              [
                [32, 22],
                [35, 22],
                [35, 25],
              ],
            ],
          },
        ],
      }),
      object('stain', 'bitmap', { bitmap: { origin: [36, 27], data: bitmapData(STAIN, 4) } }),
      object('stain', 'bitmap', { bitmap: { origin: [0, 0], data: bitmapData(STAIN, 1) } }),
      // Plain base64 PNG, without the zlib layer: some exporters write it so.
      object('stain', 'bitmap', { bitmap: { origin: [5, 6], data: maskPng(STAIN, 1).toString('base64') } }),
      object('lane', 'line', {
        points: {
          exterior: [
            [0, 29],
            [39.5, 0],
          ],
          interior: [],
        },
      }),
      object('eye', 'point', { points: { exterior: [[39, 29]], interior: [] } }, [
        { name: 'speed', value: 3 },
      ]),
      object('person', 'graph', {
        nodes: { nose: { loc: [10, 11] }, tail: { loc: [-5, 500], disabled: true } },
      }),
      object('thing', 'rectangle', {
        points: {
          exterior: [
            [1, 1],
            [1, 1],
          ],
          interior: [],
        },
      }),
      object('thing', 'point', { points: { exterior: [[0, 0]], interior: [] } }),
    ],
  });
  writeItem(path.join(root, 'city', 'datasets', 'night'), 'n1.png', {});
  writeItem(path.join(root, 'city', 'datasets', 'night', 'datasets', 'rain'), 'r1.png', {});
  writeItem(path.join(root, 'village'), 'v1.png', {});
  // Reserved folders of a dataset are never datasets themselves, nor is a folder without img/ann.
  writeJson(path.join(root, 'city', 'img_info', 'all.png.json'), {});
  writeFile(path.join(root, 'city', 'blob', 'x', 'img', 'nope.png'), pngImage(4, 4));
  writeFile(path.join(root, 'notes', 'readme.txt'), 'not a dataset');

  const index = readSupervisely(root);

  it('reads nested datasets depth first, with full names parent/child', () => {
    assert.deepEqual(index.datasets, ['city', 'city/night', 'city/night/rain', 'village']);
    assert.deepEqual(
      index.items.map((item) => item.ref),
      ['city/all.png', 'city/night/n1.png', 'city/night/rain/r1.png', 'village/v1.png'],
    );
    const rain = index.items[2];
    assert.equal(rain?.dataset, 'city/night/rain');
    assert.equal(rain.imagePath, path.join(root, 'city/datasets/night/datasets/rain/img/r1.png'));
    assert.deepEqual(index.problems, []);
    assert.equal(index.root, root);
  });

  it('reads every geometry: rectangle, polygon with holes, multipolygon, line, point, graph', () => {
    const [rectangle, polygon, multipolygon, , , , line, point, graph] = geometries(
      index.items[0]?.objects ?? [],
    );
    // Corners in either order; the rectangle is inclusive.
    assert.deepEqual(rectangle, { type: 'rectangle', left: 2, top: 3, right: 12, bottom: 20 });
    assert.deepEqual(polygon, {
      type: 'polygon',
      exterior: [
        [0, 0],
        [20, 0],
        [20, 20],
        [0, 20],
      ],
      interior: [
        [
          [5, 5],
          [10, 5],
          [10, 10],
        ],
      ],
    });
    assert.ok(multipolygon?.type === 'multipolygon');
    assert.deepEqual(
      multipolygon.parts.map((part) => [part.exterior.length, part.interior.length]),
      [
        [3, 0],
        [4, 1],
      ],
    );
    assert.deepEqual(line, {
      type: 'line',
      points: [
        [0, 29],
        [39.5, 0],
      ],
    });
    assert.deepEqual(point, { type: 'point', x: 39, y: 29 });
    assert.deepEqual(graph, {
      type: 'graph',
      nodes: [
        { id: 'nose', x: 10, y: 11, disabled: false },
        { id: 'tail', x: -5, y: 500, disabled: true },
      ],
    });
  });

  it('decodes bitmaps from zlib+PNG with the mask in alpha or in one channel, and from plain PNG', () => {
    const bitmaps = geometries(index.items[0]?.objects ?? []).filter(
      (geometry) => geometry.type === 'bitmap',
    );
    assert.equal(bitmaps.length, 3);
    assert.deepEqual(
      bitmaps.map((geometry) => geometry.origin),
      [
        [36, 27],
        [0, 0],
        [5, 6],
      ],
    );
    for (const geometry of bitmaps) {
      assert.deepEqual(geometry.mask, { width: 4, height: 3, data: STAIN.data });
    }
  });

  it('reads tags on images and on objects, a none-valued tag without a value', () => {
    const item = index.items[0];
    assert.deepEqual(item?.tags, [
      { name: 'weather', value: 'rain' },
      { name: 'speed', value: 50 },
      { name: 'occluded' },
    ]);
    assert.deepEqual(item.objects[0]?.tags, [{ name: 'occluded' }]);
    assert.deepEqual(item.objects[7]?.tags, [{ name: 'speed', value: 3 }]);
    assert.ok(item.objects.every((entry) => !entry.crowd));
  });

  it('accepts any geometry for a class of shape any, and keeps meta.json as it is', () => {
    const things = index.items[0]?.objects.filter((entry) => entry.classTitle === 'thing');
    assert.deepEqual(
      things?.map((entry) => entry.geometry.type),
      ['rectangle', 'point'],
    );
    assert.deepEqual(
      index.meta.classes.map((classMeta) => classMeta.title),
      META.classes.map((classMeta) => classMeta.title),
    );
    assert.equal(index.meta.tags[0]?.value_type, 'oneof_string');
    assert.deepEqual([index.items[0]?.width, index.items[0]?.height], [WIDTH, HEIGHT]);
  });
});
