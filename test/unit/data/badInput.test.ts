// Every kind of bad input gives one error that names the file, where in it, and what to do (`fail`), or is
// left out and listed while the rest is read (`skip`). Reading never writes into the dataset.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { DatasetError } from '../../../src/data/errors';
import type { ReadPolicy } from '../../../src/data/errors';
import { hashData } from '../../../src/data/hash';
import type { DataProblem, DatasetIndex } from '../../../src/data/model';
import { readDataset } from '../../../src/data/readers';
import { generateFixtures } from '../../fixtures/generate';
import { encodePng } from '../../fixtures/png';
import { runCliInProcess } from '../../cliInProcess';
import { bitmapData, maskOf, pngImage, snapshotTree, tempDir, writeFile, writeJson } from './readersSupport';

interface ExpectedProblem {
  readonly file: string;
  readonly where?: string;
  readonly message: RegExp;
}

function checkProblem(problem: DataProblem | undefined, expected: ExpectedProblem): void {
  assert.ok(problem, 'a problem');
  assert.equal(problem.file, expected.file);
  assert.equal(problem.where, expected.where);
  assert.match(problem.message, expected.message);
  assert.ok((problem.hint ?? '').length > 10, `a hint saying what to do: ${JSON.stringify(problem)}`);
}

/** Under fail, one DatasetError whose message names file, place and fix; under skip, the rest and the problem. */
function expectProblem(read: (policy: ReadPolicy) => DatasetIndex, expected: ExpectedProblem): DatasetIndex {
  assert.throws(
    () => read('fail'),
    (error: unknown) => {
      assert.ok(error instanceof DatasetError, String(error));
      checkProblem(error.problem, expected);
      assert.ok(
        error.message.startsWith(
          `${expected.file}${expected.where === undefined ? '' : ` (${expected.where})`}: `,
        ),
        error.message,
      );
      assert.ok(error.message.endsWith(error.problem.hint ?? '?'), error.message);
      return true;
    },
  );
  const index = read('skip');
  assert.equal(index.problems.length, 1, JSON.stringify(index.problems));
  checkProblem(index.problems[0], expected);
  return index;
}

const WIDTH = 40;
const HEIGHT = 30;
const RECTANGLE = {
  classTitle: 'car',
  geometryType: 'rectangle',
  tags: [],
  points: {
    exterior: [
      [1, 1],
      [5, 5],
    ],
    interior: [],
  },
};

/** A Supervisely project of two images, a.png with a good rectangle plus `extra`, and b.png. */
function supervisely(extra?: object): {
  root: string;
  annotation: string;
  read: (policy: ReadPolicy) => DatasetIndex;
} {
  const root = tempDir('bad-supervisely');
  writeJson(path.join(root, 'meta.json'), {
    classes: [
      { title: 'car', shape: 'rectangle', color: '#FF0000' },
      { title: 'road', shape: 'polygon', color: '#0000FF' },
      { title: 'blob', shape: 'bitmap', color: '#00FF00' },
    ],
    tags: [],
  });
  for (const name of ['a.png', 'b.png']) {
    writeFile(path.join(root, 'ds', 'img', name), pngImage(WIDTH, HEIGHT));
    const objects = name === 'a.png' && extra !== undefined ? [RECTANGLE, extra] : [RECTANGLE];
    writeJson(path.join(root, 'ds', 'ann', `${name}.json`), {
      size: { width: WIDTH, height: HEIGHT },
      tags: [],
      objects,
    });
  }
  return {
    root,
    annotation: path.join(root, 'ds', 'ann', 'a.png.json'),
    read: (policy) => readDataset(root, { policy }),
  };
}

function objectCounts(index: DatasetIndex): [string, number][] {
  return index.items.map((item) => [item.ref, item.objects.length]);
}

describe('bad Supervisely input', () => {
  it('corrupt annotation JSON: the line and column, and the item is left out', () => {
    const project = supervisely();
    writeFile(project.annotation, '{\n  "size": {"height": 30, "width": 40,},\n  "objects": []\n}');
    const index = expectProblem(project.read, {
      file: project.annotation,
      where: 'line 2, column 38',
      message: /^not valid JSON: expected a property name in double quotes, found `}`$/,
    });
    assert.deepEqual(objectCounts(index), [['ds/b.png', 1]]);
  });

  it('an annotation nested 200,000 deep and never closed is a problem, not a crash', () => {
    const project = supervisely();
    writeFile(project.annotation, '['.repeat(200_000));
    expectProblem(project.read, {
      file: project.annotation,
      where: 'line 1, column 200001',
      message: /^not valid JSON: the file ends too early: expected a value or '\]'$/,
    });
  });

  it('corrupt meta.json stops reading under either policy: nothing can be read without it', () => {
    const project = supervisely();
    const meta = path.join(project.root, 'meta.json');
    writeFile(meta, '{"classes": [');
    for (const policy of ['fail', 'skip'] as const) {
      assert.throws(
        () => project.read(policy),
        (error: unknown) =>
          error instanceof DatasetError &&
          error.problem.file === meta &&
          error.problem.where === 'line 1, column 14' &&
          error.problem.message === "not valid JSON: the file ends too early: expected a value or ']'",
      );
    }
    writeJson(meta, { classes: [{ title: 'car', shape: 'square', color: '#FF0000' }] });
    assert.throws(
      () => project.read('skip'),
      (error: unknown) => error instanceof DatasetError && error.problem.where === 'classes[0].shape',
    );
  });

  it('a missing image: the annotation that refers to it', () => {
    const project = supervisely();
    const orphan = path.join(project.root, 'ds', 'ann', 'c.png.json');
    writeJson(orphan, { size: { width: WIDTH, height: HEIGHT }, tags: [], objects: [] });
    const index = expectProblem(project.read, {
      file: orphan,
      message: /^its image img\/c\.png does not exist$/,
    });
    assert.equal(index.items.length, 2);
  });

  it('an image without an annotation file', () => {
    const project = supervisely();
    const image = writeFile(path.join(project.root, 'ds', 'img', 'c.png'), pngImage(WIDTH, HEIGHT));
    expectProblem(project.read, { file: image, message: /no annotation file ann\/c\.png\.json/ });
  });

  it('an image that is not an image', () => {
    const project = supervisely();
    const image = writeFile(path.join(project.root, 'ds', 'img', 'b.png'), 'not a png at all');
    const index = expectProblem(project.read, {
      file: image,
      message: /not a PNG, JPEG, WebP, BMP or TIFF image/,
    });
    assert.deepEqual(objectCounts(index), [['ds/a.png', 1]]);
  });

  it('an annotation whose size is not the image’s', () => {
    const project = supervisely();
    writeJson(project.annotation, { size: { width: 41, height: HEIGHT }, tags: [], objects: [] });
    expectProblem(project.read, {
      file: project.annotation,
      where: 'size',
      message: /gives the image size as 41×30, but the image is 40×30/,
    });
  });

  it('an object of an unknown class: the object is left out, the image kept', () => {
    const project = supervisely({ ...RECTANGLE, classTitle: 'truck' });
    const index = expectProblem(project.read, {
      file: project.annotation,
      where: 'objects[1].classTitle',
      message: /the class 'truck' is not in meta\.json/,
    });
    assert.deepEqual(objectCounts(index), [
      ['ds/a.png', 1],
      ['ds/b.png', 1],
    ]);
  });

  it('an object of a misspelt class: the hint names the class meant', () => {
    const project = supervisely({ ...RECTANGLE, classTitle: 'cra' });
    const index = expectProblem(project.read, {
      file: project.annotation,
      where: 'objects[1].classTitle',
      message: /the class 'cra' is not in meta\.json/,
    });
    assert.match(index.problems[0]?.hint ?? '', /^Did you mean 'car'\? Add the class to meta\.json/);
  });

  it('coordinates outside the image', () => {
    const project = supervisely({
      ...RECTANGLE,
      points: {
        exterior: [
          [30, 20],
          [40, 25],
        ],
        interior: [],
      },
    });
    expectProblem(project.read, {
      file: project.annotation,
      where: 'objects[1]',
      message: /rectangle \[30, 20\]–\[40, 25\] lies outside the 40×30 image/,
    });
    const polygon = supervisely({
      classTitle: 'road',
      geometryType: 'polygon',
      points: {
        exterior: [
          [0, 0],
          [10, -1],
          [5, 5],
        ],
      },
    });
    expectProblem(polygon.read, {
      file: polygon.annotation,
      where: 'objects[1]',
      message: /the vertex \(10, -1\) lies outside the 40×30 image/,
    });
    const mask = supervisely({
      classTitle: 'blob',
      geometryType: 'bitmap',
      bitmap: { origin: [38, 0], data: bitmapData(maskOf(['###']), 4) },
    });
    expectProblem(mask.read, {
      file: mask.annotation,
      where: 'objects[1]',
      message: /the 3×1 mask at \(38, 0\) lies outside/,
    });
  });

  it('an object whose geometry is not its class’s shape', () => {
    const project = supervisely({
      classTitle: 'car',
      geometryType: 'polygon',
      points: {
        exterior: [
          [0, 0],
          [10, 1],
          [5, 5],
        ],
      },
    });
    expectProblem(project.read, {
      file: project.annotation,
      where: 'objects[1].geometryType',
      message: /is a polygon, but its class 'car' has shape rectangle/,
    });
  });

  it('bitmap data that is not base64, not zlib or PNG, or a damaged PNG', () => {
    const cases: [string, RegExp][] = [
      ['%%% not base64 %%%', /not valid base64/],
      [Buffer.from('hello, world').toString('base64'), /neither a zlib-compressed PNG nor a PNG/],
      [
        zlib.deflateSync(Buffer.from('hello, world')).toString('base64'),
        /decompresses to something that is not a PNG/,
      ],
      [zlib.deflateSync(pngImage(4, 4).subarray(0, 40)).toString('base64'), /PNG cannot be decoded/],
      [
        zlib
          .deflateSync(encodePng({ width: 1, height: 1, channels: 3, data: new Uint8Array(3) }))
          .toString('base64'),
        /an opaque colour image/,
      ],
      [
        zlib
          .deflateSync(encodePng({ width: 1, height: 1, channels: 1, data: new Uint8Array(1) }))
          .toString('base64'),
        /no pixels set/,
      ],
    ];
    for (const [data, message] of cases) {
      const project = supervisely({
        classTitle: 'blob',
        geometryType: 'bitmap',
        bitmap: { origin: [0, 0], data },
      });
      const index = expectProblem(project.read, {
        file: project.annotation,
        where: 'objects[1].bitmap.data',
        message,
      });
      assert.deepEqual(objectCounts(index), [
        ['ds/a.png', 1],
        ['ds/b.png', 1],
      ]);
    }
  });
});

describe('bad COCO input', () => {
  function coco(edit: (file: { images: object[]; annotations: object[]; categories: object[] }) => void): {
    json: string;
    read: (policy: ReadPolicy) => DatasetIndex;
  } {
    const root = tempDir('bad-coco');
    writeFile(path.join(root, 'images', 'a.png'), pngImage(WIDTH, HEIGHT));
    writeFile(path.join(root, 'images', 'b.png'), pngImage(WIDTH, HEIGHT));
    const file = {
      images: [
        { id: 1, file_name: 'a.png', width: WIDTH, height: HEIGHT },
        { id: 2, file_name: 'b.png', width: WIDTH, height: HEIGHT },
      ],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          bbox: [0, 0, 4, 4],
          segmentation: [[0, 0, 4, 0, 4, 4]],
          iscrowd: 0,
        },
        { id: 2, image_id: 2, category_id: 1, bbox: [0, 0, 4, 4], iscrowd: 0 },
      ],
      categories: [{ id: 1, name: 'car' }],
    };
    edit(file);
    const json = writeJson(path.join(root, 'annotations.json'), file);
    return { json, read: (policy) => readDataset(root, { policy }) };
  }

  it('corrupt JSON', () => {
    const { json, read } = coco(() => undefined);
    writeFile(json, '{"images": [], "annotations": [], "categories": [}');
    const index = expectProblem(read, {
      file: json,
      where: 'line 1, column 50',
      message: /^not valid JSON: expected a value or ']', found `}`$/,
    });
    assert.deepEqual(index.items, []);
  });

  it('a missing image: its entry in images, and its annotations go with it', () => {
    const { json, read } = coco((file) =>
      file.images.push({ id: 3, file_name: 'c.png', width: WIDTH, height: HEIGHT }),
    );
    const index = expectProblem(read, {
      file: json,
      where: 'images[2].file_name',
      message: /the image .*c\.png does not exist/,
    });
    assert.equal(index.items.length, 2);
  });

  it('an annotation of an unknown category, or of an unknown image', () => {
    const unknownClass = coco((file) =>
      file.annotations.push({ id: 3, image_id: 1, category_id: 5, bbox: [0, 0, 1, 1] }),
    );
    const index = expectProblem(unknownClass.read, {
      file: unknownClass.json,
      where: 'annotations[2].category_id',
      message: /category id 5 is not in categories/,
    });
    assert.deepEqual(objectCounts(index), [
      ['annotations/a.png', 1],
      ['annotations/b.png', 1],
    ]);
    const unknownImage = coco((file) =>
      file.annotations.push({ id: 3, image_id: 9, category_id: 1, bbox: [0, 0, 1, 1] }),
    );
    expectProblem(unknownImage.read, {
      file: unknownImage.json,
      where: 'annotations[2].image_id',
      message: /image id 9 is not in images/,
    });
  });

  it('coordinates outside the image', () => {
    const { json, read } = coco((file) =>
      file.annotations.push({
        id: 3,
        image_id: 1,
        category_id: 1,
        segmentation: [[0, 0, 41, 0, 4, 4]],
        bbox: [0, 0, 41, 4],
      }),
    );
    expectProblem(read, {
      file: json,
      where: 'annotations[2]',
      message: /the vertex \(41, 0\) lies outside the 40×30 image/,
    });
  });

  it('a zero-size box', () => {
    const { json, read } = coco((file) =>
      file.annotations.push({ id: 3, image_id: 1, category_id: 1, bbox: [3, 3, 0, 5] }),
    );
    expectProblem(read, {
      file: json,
      where: 'annotations[2].bbox',
      message: /the box \[3, 3, 0, 5\] has zero size/,
    });
  });

  it('an RLE whose counts do not cover the image, or whose string is damaged', () => {
    const short = coco((file) =>
      file.annotations.push({
        id: 3,
        image_id: 1,
        category_id: 1,
        segmentation: { size: [HEIGHT, WIDTH], counts: [10, 5] },
      }),
    );
    expectProblem(short.read, {
      file: short.json,
      where: 'annotations[2].segmentation.counts',
      message: /add up to 15, not height × width = 1200/,
    });
    const damaged = coco((file) =>
      file.annotations.push({
        id: 3,
        image_id: 1,
        category_id: 1,
        segmentation: { size: [HEIGHT, WIDTH], counts: 'P' },
      }),
    );
    expectProblem(damaged.read, {
      file: damaged.json,
      where: 'annotations[2].segmentation.counts',
      message: /ends inside a count/,
    });
  });
});

describe('bad YOLO input', () => {
  function yolo(labels: string): { label: string; read: (policy: ReadPolicy) => DatasetIndex } {
    const root = tempDir('bad-yolo');
    writeFile(path.join(root, 'images', 'train', 'a.png'), pngImage(WIDTH, HEIGHT));
    writeFile(path.join(root, 'data.yaml'), 'train: images/train\nnames: [car, road]\n');
    const label = writeFile(
      path.join(root, 'labels', 'train', 'a.txt'),
      `0 0.5 0.5 0.5 0.5\n${labels}\n1 0.5 0.5 0.1 0.1\n`,
    );
    return { label, read: (policy) => readDataset(root, { policy }) };
  }

  const cases: [string, string, RegExp][] = [
    ['a line with the wrong number of fields', '0 0.5 0.5 0.2', /expected 5 fields .* found 4/],
    ['a segment with an even number of fields', '0 0.1 0.1 0.2 0.2 0.3 0.3 0.4', /found 8/],
    ['a zero-size box', '0 0.5 0.5 0 0.2', /the box has zero size/],
    ['coordinates outside the image', '1 1.2 0.5 0.2 0.2', /lies outside the 40×30 image/],
    ['an unknown class index', '7 0.5 0.5 0.2 0.2', /the class '7' is not an index of names/],
    ['a value that is not a number', '0 0.5 abc 0.2 0.2', /'abc' is not a number/],
  ];
  for (const [title, line, message] of cases) {
    it(`${title}: the label file and line, and the other lines kept`, () => {
      const { label, read } = yolo(line);
      const index = expectProblem(read, { file: label, where: 'line 2', message });
      assert.deepEqual(objectCounts(index), [['train/a.png', 2]]);
    });
  }

  it('data.yaml that is not YAML, or has no names', () => {
    const root = tempDir('bad-yaml');
    const yaml = writeFile(path.join(root, 'data.yaml'), 'train: [images\nnames: x\n');
    assert.throws(
      () => readDataset(root, { policy: 'skip' }),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.problem.file === yaml &&
        /^line \d+, column \d+$/.test(error.problem.where ?? ''),
    );
    writeFile(yaml, 'train: images\n');
    assert.throws(
      () => readDataset(root),
      /data\.yaml \(names\): there are no class names\. List the classes/,
    );
  });
});

describe('reading never writes into the dataset', () => {
  it('leaves every file and modification time as it was after reading, inspect and hashing', async () => {
    const fixture = path.join(tempDir('no-writes'), 'fixture');
    generateFixtures({ seed: 5, outDir: fixture });
    const broken = supervisely({ ...RECTANGLE, classTitle: 'truck' });
    const cacheDir = tempDir('no-writes-cache');
    const roots = [
      ...['supervisely', 'coco', 'yolo'].map((format) => path.join(fixture, format)),
      broken.root,
    ];
    for (const root of roots) {
      const before = snapshotTree(root);
      const index = readDataset(root, { policy: 'skip' });
      if (index.problems.length === 0) readDataset(root);
      for (const argv of [
        ['inspect', root],
        ['inspect', root, '--json'],
      ])
        await runCliInProcess(argv, os.tmpdir());
      const cacheFile = path.join(cacheDir, `${path.basename(root)}.json`);
      hashData(index.items, { root: index.root, cacheFile });
      hashData(index.items, { root: index.root, cacheFile });
      assert.deepEqual(snapshotTree(root), before, root);
    }
  });
});
