import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DatasetIndex } from '../../../src/data/model';
import { readDataset } from '../../../src/data/readers';
import { runCliInProcess } from '../../cliInProcess';
import { generateClassFolders } from '../../fixtures/classFolders';
import { generateFixtures } from '../../fixtures/generate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-convert-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});
generateFixtures({ seed: 31, outDir: path.join(tmp, 'fixtures'), imagesPerDataset: 4, size: 48 });
const SUPERVISELY = path.join(tmp, 'fixtures', 'supervisely');
const YOLO = path.join(tmp, 'fixtures', 'yolo');
const source = readDataset(SUPERVISELY);

let outputs = 0;
/** A new output path in a folder of its own, so that leftovers beside it can be checked. */
function newOut(): string {
  const parent = path.join(tmp, `out${outputs++}`);
  fs.mkdirSync(parent);
  return path.join(parent, 'converted');
}

const convert = (...args: string[]) => runCliInProcess(['convert', ...args], tmp);

function objectsPerClass(
  index: DatasetIndex,
  keep: (type: string) => boolean = () => true,
): Map<string, number> {
  const counts = new Map(index.meta.classes.map((cls) => [cls.title, 0]));
  for (const object of index.items.flatMap((item) => item.objects)) {
    if (keep(object.geometry.type)) counts.set(object.classTitle, (counts.get(object.classTitle) ?? 0) + 1);
  }
  return counts;
}

const realImages = (index: DatasetIndex) => index.items.map((item) => fs.realpathSync(item.imagePath)).sort();

/** The `  <class>  <count>` lines of the summary. */
function summaryCounts(out: string, classes: readonly string[]): Map<string, number> {
  return new Map(
    classes.map((title) => {
      const match = new RegExp(`^ {2}${title} +(\\d+)$`, 'm').exec(out);
      assert.ok(match, `${title} in\n${out}`);
      return [title, Number(match[1])];
    }),
  );
}

/** A failure leaves neither the output folder nor a temporary folder beside it. */
function assertNothingWritten(out: string): void {
  assert.deepEqual(fs.readdirSync(path.dirname(out)), [], 'nothing is left beside --out');
}

describe('train-studio convert: round trips', () => {
  const titles = source.meta.classes.map((cls) => cls.title);
  const notPoint = (type: string) => type !== 'point';

  it('Supervisely → COCO: the same images, classes and objects (points have no COCO form)', async () => {
    const out = newOut();
    const { code, out: summary, err } = await convert(SUPERVISELY, '--to', 'coco', '--out', out);
    assert.equal(code, 0, err);
    const readBack = readDataset(out);
    assert.equal(readBack.format, 'coco');
    assert.deepEqual(realImages(readBack), realImages(source));
    assert.deepEqual(
      readBack.meta.classes.map((cls) => cls.title),
      titles,
    );
    assert.deepEqual(objectsPerClass(readBack), objectsPerClass(source, notPoint));
    assert.deepEqual(summaryCounts(summary, titles), objectsPerClass(source, notPoint));
    assert.match(
      summary,
      new RegExp(`^Written {6}${out.replace(/[/\\.]/g, '\\$&')}: annotations\\.json$`, 'm'),
    );
    assert.match(summary, /^Shapes converted for instance segmentation:$/m);
    assert.match(summary, /^ {2}square: \d+ rectangles converted to polygon$/m);
    assert.match(summary, /^ {2}dot: \d+ points dropped, it has no area$/m);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ['converted'], 'no temporary folder is left');
  });

  it('Supervisely → YOLO: the same images, classes and objects, as boxes', async () => {
    const out = newOut();
    const { code, out: summary, err } = await convert(SUPERVISELY, '--to', 'yolo', '--out', out);
    assert.equal(code, 0, err);
    const readBack = readDataset(out);
    assert.equal(readBack.format, 'yolo');
    assert.deepEqual(realImages(readBack), realImages(source));
    assert.deepEqual(
      readBack.meta.classes.map((cls) => cls.title),
      titles,
    );
    assert.deepEqual(objectsPerClass(readBack), objectsPerClass(source, notPoint));
    assert.ok(
      readBack.items.every((item) => item.objects.every((object) => object.geometry.type === 'rectangle')),
    );
    assert.match(summary, /^Shapes converted for object detection:$/m);
    assert.match(summary, /^ {2}donut: \d+ polygons converted to rectangle$/m);
    assert.match(summary, /^ {2}dot: \d+ points dropped, a point has no extent$/m);
    assert.match(
      summary,
      new RegExp(
        `^Images {7}${source.items.length}: ${source.items.length} train, 0 val; images/ holds symbolic links`,
        'm',
      ),
    );
    assert.match(summary, /^Note {9}val is empty/m);
  });

  it('YOLO → COCO keeps the train and val split, and --classes keeps only those classes', async () => {
    const yolo = readDataset(YOLO);
    const out = newOut();
    const { code, err } = await convert(
      YOLO,
      '--to',
      'coco',
      '--out',
      out,
      '--classes',
      'triangle, square',
      '--task',
      'detection',
    );
    assert.equal(code, 0, err);
    assert.deepEqual(fs.readdirSync(out).sort(), ['.train-studio-output.json', 'train.json', 'val.json']);
    const readBack = readDataset(out);
    // Meta order, not the order given.
    assert.deepEqual(
      readBack.meta.classes.map((cls) => cls.title),
      ['square', 'triangle'],
    );
    const sizes = (index: DatasetIndex) =>
      ['train', 'val'].map((name) => index.items.filter((item) => item.dataset === name).length);
    assert.deepEqual(sizes(readBack), sizes(yolo));
    const expected = objectsPerClass(yolo);
    assert.deepEqual(
      objectsPerClass(readBack),
      new Map([
        ['square', expected.get('square')],
        ['triangle', expected.get('triangle')],
      ]),
    );
  });

  it('COCO → YOLO segmentation writes polygons that read back as the same objects', async () => {
    const coco = path.join(tmp, 'fixtures', 'coco');
    const out = newOut();
    const { code, err } = await convert(coco, '--to', 'yolo', '--out', out, '--task', 'segmentation');
    assert.equal(code, 0, err);
    const readBack = readDataset(out);
    assert.deepEqual(objectsPerClass(readBack), objectsPerClass(readDataset(coco)));
    assert.ok(
      readBack.items.some((item) => item.objects.some((object) => object.geometry.type === 'polygon')),
    );
  });
});

describe('train-studio convert: failures', () => {
  it('refuses an output folder inside the dataset, naming both', async () => {
    const out = path.join(SUPERVISELY, 'converted');
    const { code, out: stdout, err } = await convert(SUPERVISELY, '--to', 'coco', '--out', out);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(
      err,
      `train-studio convert: The output folder ${out} is inside the dataset ${SUPERVISELY}, and convert never ` +
        'writes into a dataset. Choose an --out folder outside it.',
    );
    assert.equal(fs.existsSync(out), false);
  });

  it('refuses an output folder that is not empty, and a file', async () => {
    const out = newOut();
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const notEmpty = await convert(SUPERVISELY, '--to', 'yolo', '--out', out);
    assert.equal(notEmpty.code, 1);
    assert.match(
      notEmpty.err,
      new RegExp(
        `The output folder ${out.replace(/[/\\.]/g, '\\$&')} is not empty, and convert never replaces files\\.`,
      ),
    );
    assert.deepEqual(fs.readdirSync(out), ['notes.txt']);

    const file = path.join(out, 'notes.txt');
    const aFile = await convert(SUPERVISELY, '--to', 'yolo', '--out', file);
    assert.equal(aFile.code, 1);
    assert.match(aFile.err, /is a file\. Choose a new or empty folder for --out\.$/);
  });

  it('names a missing dataset', async () => {
    const out = newOut();
    const missing = path.join(tmp, 'no-such-dataset');
    const { code, err } = await convert(missing, '--to', 'coco', '--out', out);
    assert.equal(code, 1);
    assert.equal(err, `train-studio convert: ${missing}: the folder does not exist. Check the path.`);
    assertNothingWritten(out);
  });

  it('names the annotation file that cannot be read, and writes nothing', async () => {
    const broken = path.join(tmp, 'broken');
    generateFixtures({ seed: 32, outDir: broken, imagesPerDataset: 2, size: 48 });
    const annotation = path.join(broken, 'supervisely', 'train_a', 'ann', 'train_a_001.png.json');
    fs.writeFileSync(annotation, '{"size": {"width": 48, ');
    const out = newOut();
    const { code, err } = await convert(path.join(broken, 'supervisely'), '--to', 'coco', '--out', out);
    assert.equal(code, 1);
    assert.ok(err.startsWith(`train-studio convert: ${annotation}`), err);
    assert.doesNotMatch(err, /\n\s+at /);
    assertNothingWritten(out);
  });

  it('names a class the dataset does not have, and lists those it has', async () => {
    const out = newOut();
    const { code, err } = await convert(SUPERVISELY, '--to', 'coco', '--out', out, '--classes', 'Square,cat');
    assert.equal(code, 1);
    assert.equal(
      err,
      "train-studio convert: --classes names class(es) the project does not have: 'Square' (did you mean 'square'?), " +
        "'cat'. Its classes are: 'square', 'donut', 'triangle', 'blob', 'dot'.",
    );
    assertNothingWritten(out);
  });

  it('refuses class folders, whose labels COCO and YOLO object files cannot hold', async () => {
    const folders = path.join(tmp, 'class-folders');
    generateClassFolders({ seed: 3, outDir: folders, imagesPerClass: 2, size: 32 });
    const out = newOut();
    const { code, err } = await convert(folders, '--to', 'yolo', '--out', out);
    assert.equal(code, 1);
    assert.match(err, /holds class folders: each image has a class but no object/);
    assertNothingWritten(out);
  });

  it('refuses images YOLO cannot tell apart, before writing anything', async () => {
    const clash = path.join(tmp, 'clash');
    generateFixtures({ seed: 33, outDir: clash, imagesPerDataset: 2, size: 48 });
    const dataset = path.join(clash, 'supervisely', 'train_a');
    for (const folder of ['img', 'ann']) {
      for (const file of fs.readdirSync(path.join(dataset, folder))) {
        if (file.startsWith('train_a_001.png')) {
          fs.copyFileSync(
            path.join(dataset, folder, file),
            path.join(dataset, folder, file.replace('.png', '.jpeg')),
          );
        }
      }
    }
    const out = newOut();
    const { code, err } = await convert(path.join(clash, 'supervisely'), '--to', 'yolo', '--out', out);
    assert.equal(code, 1, err);
    assert.match(
      err,
      /Several train images have the stem 'train_a__train_a_001', and YOLO names label files by stem\. Rename one/,
    );
    assertNothingWritten(out);
  });

  it('reports an output folder it cannot create, and leaves nothing behind', async () => {
    const out = newOut();
    const blocker = path.join(path.dirname(out), 'file');
    fs.writeFileSync(blocker, '');
    const { code, err } = await convert(
      SUPERVISELY,
      '--to',
      'coco',
      '--out',
      path.join(blocker, 'converted'),
    );
    assert.equal(code, 1);
    assert.match(
      err,
      /^train-studio convert: Cannot write .*file[/\\]converted \(ENOTDIR: not a directory\)\. Nothing was written/,
    );
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ['file']);
  });

  for (const [args, reason] of [
    [[], 'name the dataset to convert'],
    [['data'], 'say which format to write with --to coco or --to yolo'],
    [['data', '--to', 'voc', '--out', 'o'], "--to takes coco or yolo, not 'voc'"],
    [['data', '--to', 'coco'], 'name the output folder with --out <dir>'],
    [
      ['data', '--to', 'coco', '--out', 'o', '--task', 'pose'],
      "--task takes detection or segmentation, not 'pose'",
    ],
    [
      ['data', '--to', 'coco', '--out', 'o', '--classes', ' ,'],
      '--classes names no class; leave it out to convert every class',
    ],
    [['a', 'b', '--to', 'coco', '--out', 'o'], "one dataset at a time ('a', then 'b')"],
  ] as const) {
    it(`exits 2 for bad usage: ${reason}`, async () => {
      const { code, out, err } = await convert(...args);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.equal(err.split('\n')[0], `train-studio convert: ${reason}.`);
      assert.match(err, /^Usage: train-studio convert <dataset> --to coco\|yolo --out <dir>/m);
    });
  }
});
