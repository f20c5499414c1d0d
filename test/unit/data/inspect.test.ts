import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DatasetReport } from '../../../src/data/inspect';
import { generateFixtures } from '../../fixtures/generate';
import { runCliInProcess } from '../../cliInProcess';
import { pngImage, tempDir, writeFile, writeJson } from './readersSupport';

describe('train-studio inspect', () => {
  const parent = tempDir('inspect');
  const fixture = path.join(parent, 'fixture');
  const summary = generateFixtures({ seed: 7, outDir: fixture });
  const supervisely = path.join(fixture, 'supervisely');

  it('prints format, datasets, images, sizes and per-class object counts by shape; exit 0 when clean', async () => {
    const { code, out, err } = await runCliInProcess(['inspect', supervisely]);
    assert.equal(err, '');
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], 'Format       supervisely');
    assert.equal(lines[1], `Folder       ${supervisely}`);
    assert.deepEqual(lines.slice(2, 6), [
      'Datasets     3',
      '  train_a        6 images',
      '  train_b        6 images',
      '  train_b/night  6 images',
    ]);
    assert.match(out, /^Images {7}18, \d+ without annotations$/m);
    assert.match(out, /^Image sizes {2}width 64–64, height 48–64$/m);
    assert.match(out, new RegExp(`^Objects {6}${summary.supervisely.objects}$`, 'm'));
    assert.match(out, /^ {2}square {4}rectangle {4}\d+ objects \(\d+ rectangle\), in \d+ images$/m);
    assert.match(out, /^ {2}blob {6}bitmap {7}\d+ objects \(\d+ bitmap\), in \d+ images$/m);
    // The second image never has objects, whatever the seed.
    assert.match(out, /^Images without annotations\n(  .*\n)*  train_a\/train_a_001\.png$/m);
    assert.equal(lines.at(-1), 'Problems     none');
  });

  it('--json gives the same report as JSON', async () => {
    const { code, out } = await runCliInProcess(['inspect', '--json', supervisely]);
    assert.equal(code, 0);
    const report = JSON.parse(out) as DatasetReport;
    assert.equal(report.format, 'supervisely');
    assert.deepEqual(report.datasets, [
      { name: 'train_a', images: 6 },
      { name: 'train_b', images: 6 },
      { name: 'train_b/night', images: 6 },
    ]);
    assert.equal(report.images, 18);
    assert.equal(report.objects, summary.supervisely.objects);
    assert.deepEqual(report.sizes, { minWidth: 64, maxWidth: 64, minHeight: 48, maxHeight: 64 });
    assert.deepEqual(
      report.classes.map((summary) => [summary.title, summary.shape, Object.keys(summary.byGeometry)]),
      [
        ['square', 'rectangle', ['rectangle']],
        ['donut', 'polygon', ['polygon']],
        ['triangle', 'polygon', ['polygon']],
        ['blob', 'bitmap', ['bitmap']],
        ['dot', 'point', ['point']],
      ],
    );
    assert.equal(
      report.classes.reduce((sum, summary) => sum + summary.objects, 0),
      summary.supervisely.objects,
    );
    assert.ok(report.unannotated.includes('train_a/train_a_001.png'));
    assert.deepEqual(report.problems, []);
  });

  it('reads COCO and YOLO too, and takes a forced format', async () => {
    const coco = await runCliInProcess(['inspect', path.join(fixture, 'coco'), '--json']);
    assert.equal(coco.code, 0);
    assert.equal((JSON.parse(coco.out) as DatasetReport).objects, summary.coco.annotations);
    const yolo = await runCliInProcess(['inspect', 'yolo', '--format', 'yolo'], fixture);
    assert.equal(yolo.code, 0);
    assert.match(yolo.out, /^Format {7}yolo$/m);
    const forced = await runCliInProcess([
      'inspect',
      path.join(fixture, 'yolo', 'images'),
      '--format=class_folders',
    ]);
    assert.match(forced.out, /^Format {7}class_folders$/m);
    assert.match(forced.out, /^ {2}train {2}any {10}no objects, in 13 images$/m);
  });

  it('lists every problem and exits 1 when the data has some', async () => {
    const root = tempDir('inspect-bad');
    writeJson(path.join(root, 'meta.json'), {
      classes: [{ title: 'car', shape: 'rectangle', color: '#FF0000' }],
    });
    for (const name of ['a.png', 'b.png']) writeFile(path.join(root, 'ds', 'img', name), pngImage(10, 10));
    const objects = [
      {
        classTitle: 'car',
        geometryType: 'rectangle',
        points: {
          exterior: [
            [0, 0],
            [3, 3],
          ],
        },
      },
      {
        classTitle: 'bus',
        geometryType: 'rectangle',
        points: {
          exterior: [
            [0, 0],
            [3, 3],
          ],
        },
      },
      {
        classTitle: 'car',
        geometryType: 'rectangle',
        points: {
          exterior: [
            [0, 0],
            [30, 3],
          ],
        },
      },
    ];
    writeJson(path.join(root, 'ds', 'ann', 'a.png.json'), { size: { width: 10, height: 10 }, objects });
    writeFile(path.join(root, 'ds', 'ann', 'b.png.json'), '{"size": ');
    const { code, out } = await runCliInProcess(['inspect', root]);
    assert.equal(code, 1);
    assert.match(out, /^Images {7}1, 0 without annotations$/m);
    assert.match(out, /^Problems {5}3$/m);
    const annotation = path.join(root, 'ds', 'ann');
    assert.ok(
      out.includes(
        `  ${annotation}/a.png.json (objects[1].classTitle): the class 'bus' is not in meta.json.`,
      ),
      out,
    );
    assert.ok(
      out.includes(`  ${annotation}/a.png.json (objects[2]): the rectangle [0, 0]–[30, 3] lies outside`),
      out,
    );
    assert.ok(out.includes(`  ${annotation}/b.png.json (line 1, column 10): not valid JSON`), out);
    const json = await runCliInProcess(['inspect', root, '--json']);
    assert.equal(json.code, 1);
    assert.equal((JSON.parse(json.out) as DatasetReport).problems.length, 3);
  });

  it('exits 1 with one line, and no stack trace, when the folder cannot be read', async () => {
    const missing = path.join(parent, 'missing');
    const { code, out, err } = await runCliInProcess(['inspect', missing]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.equal(err, `train-studio inspect: ${missing}: the folder does not exist. Check the path.`);
    const json = await runCliInProcess(['inspect', missing, '--json']);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.out), {
      error: { file: missing, message: 'the folder does not exist', hint: 'Check the path.' },
    });
  });

  it('exits 2 on bad usage, saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['inspect'], /^train-studio inspect: name the dataset folder to inspect\.$/m],
      [['inspect', 'a', 'b'], /one dataset folder at a time/],
      [['inspect', 'a', '--verbose'], /unknown option '--verbose'/],
      [
        ['inspect', 'a', '--format', 'voc'],
        /--format takes one of supervisely, coco, yolo, class_folders, not 'voc'/,
      ],
      [['inspect', 'a', '--format'], /^train-studio inspect: option '--format <value>' argument missing\.$/m],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await runCliInProcess(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, message);
      assert.match(err, /Usage: train-studio inspect <dir>/);
    }
    const help = await runCliInProcess(['inspect', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: train-studio inspect <dir>/);
  });
});
