import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readGoldens, type CocoGolden } from './cocoGoldens';
import { runCliInProcess } from '../../cliInProcess';

const PREFIX = 'train-studio eval-coco: ';

describe('train-studio eval-coco', () => {
  let folder = '';
  const goldens = readGoldens();
  const golden = (name: string): CocoGolden => {
    const found = goldens.find((candidate) => candidate.name === name);
    assert.ok(found, `no golden ${name}`);
    return found;
  };
  const write = (name: string, content: unknown) => {
    fs.writeFileSync(
      path.join(folder, name),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  };
  const evalCoco = (...files: string[]) => runCliInProcess(['eval-coco', ...files], folder);

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-eval-coco-'));
  });
  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("prints pycocotools' 12 statistics as a JSON array", async () => {
    const coco = golden('coco-like');
    write('gt.json', coco.gt);
    write('detections.json', coco.detections);
    const { code, out, err } = await evalCoco('gt.json', 'detections.json');
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(out.split('\n').length, 1);
    const stats = JSON.parse(out) as number[];
    assert.equal(stats.length, 12);
    coco.expected_stats.forEach((expected, index) => {
      assert.ok(Math.abs((stats[index] ?? Number.NaN) - expected) < 1e-9, `stat ${index}`);
    });
  });

  it('prints -1 where pycocotools does, and notes on stderr what it leaves out', async () => {
    const sparse = golden('sparse-ids');
    write('sparse-gt.json', sparse.gt);
    write('sparse-dt.json', sparse.detections);
    const { code, out, err } = await evalCoco('sparse-gt.json', 'sparse-dt.json');
    assert.equal(code, 0);
    assert.deepEqual(
      (JSON.parse(out) as number[]).map((value) => Math.round(value * 1e9) / 1e9),
      sparse.expected_stats.map((value) => Math.round(value * 1e9) / 1e9),
    );
    assert.deepEqual(err.split('\n'), [
      `${PREFIX}sparse-gt.json: 2 annotations of an image or category not listed in the file are not evaluated (as in pycocotools).`,
      `${PREFIX}sparse-dt.json: 2 detections of a category that sparse-gt.json does not list are not evaluated (as in pycocotools).`,
    ]);
    const large = golden('large-only');
    write('large-gt.json', large.gt);
    write('large-dt.json', large.detections);
    const only = await evalCoco('large-gt.json', 'large-dt.json');
    const stats = JSON.parse(only.out) as number[];
    assert.deepEqual([stats[3], stats[4], stats[9], stats[10]], [-1, -1, -1, -1]);
  });

  it('warns that an annotation id 0 is scored as pycocotools scores it', async () => {
    const extreme = golden('extreme-boxes');
    write('extreme-gt.json', extreme.gt);
    write('extreme-dt.json', extreme.detections);
    const { code, err } = await evalCoco('extreme-gt.json', 'extreme-dt.json');
    assert.equal(code, 0);
    assert.match(
      err,
      /^train-studio eval-coco: extreme-gt\.json: an annotation has id 0; pycocotools counts/,
    );
  });

  it('evaluates an empty results file: no detections, AP 0', async () => {
    write('gt-small.json', {
      images: [{ id: 1 }],
      categories: [{ id: 1, name: 'a' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 }],
    });
    write('none.json', []);
    const { code, out } = await evalCoco('gt-small.json', 'none.json');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), [0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1]);
  });

  it('prints its usage for -h, and exits 2 with the usage for bad arguments', async () => {
    const help = await evalCoco('-h');
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: train-studio eval-coco <ground-truth\.json> <detections\.json>/);
    const cases: [string[], string][] = [
      [[], 'name the ground-truth file and the detections file'],
      [['gt.json'], 'name the ground-truth file and the detections file'],
      [['a.json', 'b.json', 'c.json'], 'expected two files, not 3'],
      [['--iou', 'segm', 'a.json', 'b.json'], "unknown option '--iou'"],
    ];
    for (const [args, reason] of cases) {
      const { code, out, err } = await evalCoco(...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(out, '');
      const [first, usage] = err.split('\n');
      assert.equal(first, `${PREFIX}${reason}.`);
      assert.match(usage ?? '', /^Usage: train-studio eval-coco/);
    }
  });

  const good = {
    images: [{ id: 1 }, { id: 2 }],
    categories: [{ id: 1, name: 'a' }],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
      { id: 2, image_id: 2, category_id: 1, bbox: [5, 5, 10, 10], area: 100, iscrowd: 0 },
    ],
  };
  const detection = { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9 };
  const withAnnotation = (index: number, change: Record<string, unknown>) => ({
    ...good,
    annotations: good.annotations.map((annotation, at) =>
      at === index ? { ...annotation, ...change } : annotation,
    ),
  });
  const withDetection = (change: Record<string, unknown>) => [
    detection,
    detection,
    { ...detection, ...change },
  ];

  const FILE_ERRORS: [string, unknown, unknown, string][] = [
    [
      'a ground truth that is not an object',
      [],
      [],
      'gt.json: must be a COCO ground-truth object with "images", "annotations" and "categories"',
    ],
    ['no images', { ...good, images: undefined }, [], 'gt.json: images must be an array'],
    [
      'an image that is not an object',
      { ...good, images: [{ id: 1 }, 7] },
      [],
      'gt.json: images[1] must be an object',
    ],
    [
      'an image id that is not an integer',
      { ...good, images: [{ id: '1' }] },
      [],
      'gt.json: images[0].id must be an integer',
    ],
    ['no categories', { ...good, categories: {} }, [], 'gt.json: categories must be an array'],
    [
      'a category id that is not an integer',
      { ...good, categories: [{ id: 1.5 }] },
      [],
      'gt.json: categories[0].id must be an integer',
    ],
    ['no annotations', { ...good, annotations: null }, [], 'gt.json: annotations must be an array'],
    [
      'an annotation without an id',
      withAnnotation(1, { id: undefined }),
      [],
      'gt.json: annotations[1].id must be an integer',
    ],
    [
      'a repeated annotation id',
      withAnnotation(1, { id: 1 }),
      [],
      'gt.json: annotations[1].id 1 is also the id of annotations[0]; annotation ids must be unique',
    ],
    [
      'an annotation without image_id',
      withAnnotation(0, { image_id: null }),
      [],
      'gt.json: annotations[0].image_id must be an integer',
    ],
    [
      'an annotation without category_id',
      withAnnotation(0, { category_id: 'a' }),
      [],
      'gt.json: annotations[0].category_id must be an integer',
    ],
    [
      'a bbox of 3 numbers',
      withAnnotation(1, { bbox: [0, 0, 10] }),
      [],
      'gt.json: annotations[1].bbox must be 4 numbers [x, y, width, height]',
    ],
    [
      'a bbox with a string',
      withAnnotation(0, { bbox: [0, '0', 10, 10] }),
      [],
      'gt.json: annotations[0].bbox must be 4 numbers [x, y, width, height]',
    ],
    [
      'an area that is not a number',
      withAnnotation(0, { area: '100' }),
      [],
      'gt.json: annotations[0].area must be a number',
    ],
    [
      'an iscrowd of 2',
      withAnnotation(0, { iscrowd: 2 }),
      [],
      'gt.json: annotations[0].iscrowd must be 0 or 1',
    ],
    ['results that are not an array', good, { annotations: [] }, 'detections.json: must be a JSON array'],
    ['a result that is not an object', good, [detection, 'x'], 'detections.json: [1] must be an object'],
    [
      'a result bbox of 5 numbers',
      good,
      withDetection({ bbox: [0, 0, 1, 1, 1] }),
      'detections.json: [2].bbox must be 4 numbers [x, y, width, height]',
    ],
    [
      'a result without a score',
      good,
      withDetection({ score: undefined }),
      'detections.json: [2].score must be a number',
    ],
    [
      'a result with a string image_id',
      good,
      withDetection({ image_id: '1' }),
      'detections.json: [2].image_id must be an integer',
    ],
    [
      'a result without category_id',
      good,
      withDetection({ category_id: undefined }),
      'detections.json: [2].category_id must be an integer',
    ],
    [
      'a result of an image the ground truth lacks',
      good,
      withDetection({ image_id: 3 }),
      "detections.json: [2].image_id 3 is not an image of gt.json; results must only name the ground truth's images",
    ],
  ];

  for (const [what, truth, results, message] of FILE_ERRORS) {
    it(`exits 1 naming the file and field for ${what}`, async () => {
      write('gt.json', truth);
      write('detections.json', results);
      const { code, out, err } = await evalCoco('gt.json', 'detections.json');
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.equal(err, `${PREFIX}${message}.`);
    });
  }

  it('exits 1 for a file that is missing, a folder, or not JSON', async () => {
    write('gt.json', good);
    write('broken.json', '{"images": [');
    fs.mkdirSync(path.join(folder, 'folder.json'), { recursive: true });
    const missing = await evalCoco('gt.json', 'nope.json');
    assert.equal(missing.code, 1);
    assert.equal(missing.err, `${PREFIX}nope.json: cannot be read (no such file).`);
    const directory = await evalCoco('folder.json', 'detections.json');
    assert.equal(directory.code, 1);
    assert.equal(directory.err, `${PREFIX}folder.json: cannot be read (it is a folder).`);
    const broken = await evalCoco('broken.json', 'detections.json');
    assert.equal(broken.code, 1);
    assert.match(broken.err, /^train-studio eval-coco: broken\.json: is not valid JSON \(.+\)\.$/);
  });
});
