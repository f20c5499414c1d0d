import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TASK_TYPES } from '../../../src/core/names';
import type { TaskType } from '../../../src/core/names';
import {
  classificationLabel,
  convertForTask,
  formatConversionReport,
  rasterizeGeometry,
  semanticMask,
  SemanticMaskError,
} from '../../../src/data/convert';
import type { AreaGeometry, ConversionCount } from '../../../src/data/convert';
import type { DatasetIndex, Geometry } from '../../../src/data/model';
import { readClassFolders } from '../../../src/data/readers';
import { encodePng } from '../../fixtures/png';
import { box, deepFreeze, makeIndex, makeItem, makeObject } from './handMadeIndex';

// One object of each shape in a 32 × 32 image, each in its own class so that report rows name the shape.
const shapes: readonly (readonly [title: string, geometry: Geometry])[] = [
  ['rect', box(2, 2, 5, 6)],
  [
    'tri',
    {
      type: 'polygon',
      exterior: [
        [10, 2],
        [16, 2],
        [10, 8],
      ],
      interior: [],
    },
  ],
  [
    'multi',
    {
      type: 'multipolygon',
      parts: [
        {
          exterior: [
            [0, 20],
            [4, 20],
            [4, 24],
            [0, 24],
          ],
          interior: [],
        },
        {
          exterior: [
            [6, 20],
            [8, 20],
            [8, 22],
            [6, 22],
          ],
          interior: [],
        },
      ],
    },
  ],
  [
    'blob',
    {
      type: 'bitmap',
      origin: [20, 20],
      mask: { width: 3, height: 2, data: Uint8Array.of(1, 0, 1, 0, 1, 0) },
    },
  ],
  [
    'stroke',
    {
      type: 'line',
      points: [
        [1, 10],
        [5, 14],
      ],
    },
  ],
  ['dot', { type: 'point', x: 7, y: 7 }],
  [
    'skeleton',
    {
      type: 'graph',
      nodes: [
        { id: 'a', x: 20, y: 2, disabled: false },
        { id: 'b', x: 25, y: 6, disabled: false },
        { id: 'c', x: 31, y: 31, disabled: true },
      ],
    },
  ],
];

const index = deepFreeze(
  makeIndex({
    classes: [
      ['rect', 'rectangle'],
      ['tri', 'polygon'],
      ['multi', 'multipolygon'],
      ['blob', 'bitmap'],
      ['stroke', 'line'],
      ['dot', 'point'],
      ['skeleton', 'graph'],
    ],
    items: [
      makeItem({ name: 'all.png', objects: shapes.map(([title, geometry]) => makeObject(title, geometry)) }),
      makeItem({ name: 'background.png' }),
    ],
  }),
);

function geometriesAfter(result: { index: DatasetIndex }): Record<string, Geometry> {
  return Object.fromEntries(
    (result.index.items[0]?.objects ?? []).map((object) => [object.classTitle, object.geometry]),
  );
}

function row(rows: readonly ConversionCount[], classTitle: string): ConversionCount | undefined {
  return rows.find((candidate) => candidate.classTitle === classTitle);
}

describe('conversion for object detection', () => {
  const result = convertForTask(index, TASK_TYPES.objectDetection);
  const after = geometriesAfter(result);

  it('boxes every shape with an extent by the inclusive bounds of its pixels or points', () => {
    assert.deepEqual(after, {
      rect: box(2, 2, 5, 6),
      tri: box(10, 2, 14, 6),
      multi: box(0, 20, 7, 23),
      blob: box(20, 20, 22, 21),
      stroke: box(1, 10, 5, 14),
      skeleton: box(20, 2, 25, 6),
    });
  });

  it('reports what was kept, converted and dropped, per class and shape', () => {
    const rows = result.report.objects;
    assert.deepEqual(row(rows, 'rect'), {
      classTitle: 'rect',
      shape: 'rectangle',
      outcome: 'kept',
      count: 1,
    });
    assert.deepEqual(row(rows, 'tri'), {
      classTitle: 'tri',
      shape: 'polygon',
      outcome: 'converted',
      to: 'rectangle',
      count: 1,
    });
    assert.deepEqual(row(rows, 'dot'), {
      classTitle: 'dot',
      shape: 'point',
      outcome: 'dropped',
      reason: 'a point has no extent',
      count: 1,
    });
    assert.equal(rows.length, shapes.length);
    assert.deepEqual(result.report.droppedItems, []);
  });

  it('declares every class a rectangle in the converted meta, and keeps background images', () => {
    assert.deepEqual(new Set(result.index.meta.classes.map((cls) => cls.shape)), new Set(['rectangle']));
    assert.equal(result.index.items.length, 2);
  });

  it('drops graphs and lines without extent, and clips boxes to the image', () => {
    const odd = makeIndex({
      classes: [['x', 'any']],
      items: [
        makeItem({
          name: 'odd.png',
          objects: [
            makeObject('x', {
              type: 'graph',
              nodes: [
                { id: 'a', x: 3, y: 3, disabled: false },
                { id: 'b', x: 9, y: 9, disabled: true },
              ],
            }),
            makeObject('x', { type: 'graph', nodes: [{ id: 'a', x: 3, y: 3, disabled: true }] }),
            makeObject('x', {
              type: 'line',
              points: [
                [4.2, 4.9],
                [4.7, 4.1],
              ],
            }),
            makeObject('x', box(28, 30, 40, 40)),
            makeObject('x', {
              type: 'polygon',
              exterior: [
                [40, 40],
                [50, 40],
                [50, 50],
              ],
              interior: [],
            }),
          ],
        }),
      ],
    });
    const converted = convertForTask(odd, TASK_TYPES.objectDetection);
    assert.deepEqual(
      converted.index.items[0]?.objects.map((object) => object.geometry),
      [box(28, 30, 31, 31)],
    );
    assert.deepEqual(
      converted.report.objects.map((counted) => ('reason' in counted ? counted.reason : counted.outcome)),
      [
        'its points all fall in one pixel, which has no extent',
        'the graph has no enabled node',
        'its points all fall in one pixel, which has no extent',
        'kept',
        'it covers no pixel of the image',
      ],
    );
  });
});

describe('conversion for instance segmentation', () => {
  const result = convertForTask(index, TASK_TYPES.instanceSegmentation);
  const after = geometriesAfter(result);

  it('keeps polygons, multipolygons and bitmaps as they are', () => {
    for (const title of ['tri', 'multi', 'blob'])
      assert.deepEqual(after[title], shapes.find(([t]) => t === title)?.[1]);
  });

  it('turns a rectangle into the polygon of exactly its pixels, and says so', () => {
    const polygon = after.rect;
    assert.equal(polygon?.type, 'polygon');
    assert.deepEqual(
      rasterizeGeometry(polygon as AreaGeometry, 32, 32),
      rasterizeGeometry(box(2, 2, 5, 6) as AreaGeometry, 32, 32),
    );
    assert.deepEqual(row(result.report.objects, 'rect'), {
      classTitle: 'rect',
      shape: 'rectangle',
      outcome: 'converted',
      to: 'polygon',
      count: 1,
    });
    assert.equal(result.index.meta.classes[0]?.shape, 'polygon');
  });

  it('drops lines, points and graphs, which have no area', () => {
    for (const title of ['stroke', 'dot', 'skeleton']) {
      assert.equal(after[title], undefined);
      const dropped = row(result.report.objects, title);
      assert.equal(dropped && 'reason' in dropped ? dropped.reason : undefined, 'it has no area');
    }
  });
});

describe('conversion for semantic segmentation', () => {
  it('keeps the area shapes and drops the rest', () => {
    const result = convertForTask(index, TASK_TYPES.semanticSegmentation);
    assert.deepEqual(Object.keys(geometriesAfter(result)), ['rect', 'tri', 'multi', 'blob']);
    assert.deepEqual(
      result.index.meta.classes.map((cls) => cls.shape),
      index.meta.classes.map((cls) => cls.shape),
    );
  });

  const overlapping = (first: string, second: string) =>
    makeItem({
      name: 'overlap.png',
      width: 16,
      height: 12,
      objects: [makeObject(first, box(0, 0, 9, 9)), makeObject(second, box(5, 5, 14, 10))],
    });

  it('paints class position + 1 over background 0, later objects over earlier ones', () => {
    const mask = semanticMask(overlapping('a', 'b'), ['a', 'b']);
    assert.ok(mask instanceof Uint8Array);
    assert.equal(mask.length, 16 * 12);
    const at = (x: number, y: number) => mask[y * 16 + x];
    assert.deepEqual([at(0, 0), at(7, 7), at(14, 10), at(15, 11)], [1, 2, 2, 0]);
    const reversed = semanticMask(overlapping('b', 'a'), ['a', 'b']);
    assert.equal(reversed[7 * 16 + 7], 1);
  });

  it('uses 16 bits per pixel beyond 255 classes', () => {
    const titles = Array.from({ length: 300 }, (_, position) => `c${position}`);
    const mask = semanticMask(overlapping('c0', 'c299'), titles);
    assert.ok(mask instanceof Uint16Array);
    assert.equal(mask[7 * 16 + 7], 300);
  });

  it('refuses an object whose class is not in the class list', () => {
    assert.throws(() => semanticMask(overlapping('a', 'z'), ['a', 'b']), SemanticMaskError);
  });
});

describe('conversion for classification', () => {
  const labelled = deepFreeze(
    makeIndex({
      classes: [
        ['cat', 'any'],
        ['dog', 'any'],
      ],
      items: [
        makeItem({ name: 'cat.png', tags: [{ name: 'cat' }, { name: 'weather', value: 'rain' }] }),
        makeItem({ name: 'both.png', tags: [{ name: 'cat' }, { name: 'dog' }] }),
        makeItem({ name: 'none.png', tags: [{ name: 'weather', value: 'sunny' }] }),
        makeItem({ name: 'valued.png', tags: [{ name: 'dog', value: 'yes' }] }),
        makeItem({ name: 'dog.png', tags: [{ name: 'dog' }, { name: 'dog' }] }),
      ],
    }),
  );

  it('keeps the items with exactly one label and drops the others with the reason', () => {
    const result = convertForTask(labelled, TASK_TYPES.classification);
    assert.deepEqual(
      result.index.items.map((item) => item.ref),
      ['ds/cat.png', 'ds/dog.png'],
    );
    assert.deepEqual(result.report.droppedItems, [
      { ref: 'ds/both.png', reason: 'its image tags name 2 classes (cat, dog), so its label is ambiguous' },
      { ref: 'ds/none.png', reason: 'no image tag without a value names a class, so it has no label' },
      { ref: 'ds/valued.png', reason: 'no image tag without a value names a class, so it has no label' },
    ]);
    const classes = new Set(['cat', 'dog']);
    assert.deepEqual(
      result.index.items.map((item) => classificationLabel(item, classes)),
      [{ label: 'cat' }, { label: 'dog' }],
    );
  });

  describe('with the class-folder reader', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'class-folders-'));
    after(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });
    const png = encodePng({ width: 4, height: 3, channels: 3, data: new Uint8Array(4 * 3 * 3) });
    for (const [folder, file] of [
      ['cat', '1.png'],
      ['cat', '2.png'],
      ['dog', '1.png'],
    ] as const) {
      fs.mkdirSync(path.join(root, folder), { recursive: true });
      fs.writeFileSync(path.join(root, folder, file), png);
    }

    it('labels each image with its folder', () => {
      const result = convertForTask(readClassFolders(root), TASK_TYPES.classification);
      const classes = new Set(result.index.meta.classes.map((cls) => cls.title));
      assert.deepEqual(
        result.index.items.map((item) => [item.name, classificationLabel(item, classes)]),
        [
          ['cat/1.png', { label: 'cat' }],
          ['cat/2.png', { label: 'cat' }],
          ['dog/1.png', { label: 'dog' }],
        ],
      );
      assert.deepEqual(result.report.droppedItems, []);
    });
  });
});

describe('conversion for pose estimation', () => {
  it('keeps keypoint graphs only', () => {
    const result = convertForTask(index, TASK_TYPES.poseEstimation);
    assert.deepEqual(Object.keys(geometriesAfter(result)), ['skeleton']);
    const dropped = row(result.report.objects, 'rect');
    assert.equal(
      dropped && 'reason' in dropped ? dropped.reason : undefined,
      'pose estimation trains on keypoint graphs only',
    );
  });
});

describe('conversion in general', () => {
  it('never mutates its input and returns a new index, for every task type', () => {
    for (const taskType of Object.values(TASK_TYPES) as TaskType[]) {
      // The index is deeply frozen: a write to it would throw.
      const result = convertForTask(index, taskType);
      assert.notEqual(result.index, index);
      assert.equal(index.items[0]?.objects.length, shapes.length);
    }
  });

  it('formats the report one line per row', () => {
    const lines = formatConversionReport(convertForTask(index, TASK_TYPES.objectDetection).report);
    assert.equal(lines[0], 'Shapes converted for object detection:');
    assert.ok(lines.includes('  rect: 1 rectangle kept'));
    assert.ok(lines.includes('  tri: 1 polygon converted to rectangle'));
    assert.ok(lines.includes('  dot: 1 point dropped, a point has no extent'));
  });
});
