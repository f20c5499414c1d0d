import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TASK_TYPES } from '../../../../src/core/names';
import { TARGET_FORMATS } from '../../../../src/core/schemas/framework';
import { readDataset } from '../../../../src/data/readers';
import { CONVERTED_DATASET_FOLDER, prepareRun } from '../../../../src/trainapp/prepare';
import {
  AREA_CLASSES,
  CLASS_FOLDER_CLASSES,
  createWorkspace,
  IMAGES_PER_CLASS,
  inputFor,
  treeDigest,
} from './support';
import type { LogLine, Workspace } from './support';

const BY_DATASET = {
  method: 'datasets',
  train_datasets: ['train_a', 'train_b'],
  val_datasets: ['train_b/night'],
};

describe('prepareRun', () => {
  let workspace: Workspace;
  before(() => {
    workspace = createWorkspace();
  });
  after(() => {
    workspace.remove();
  });

  it('converts for detection into COCO train.json and val.json in the work folder', () => {
    const lines: LogLine[] = [];
    const input = inputFor(
      workspace,
      { classes: ['blob', 'square'] },
      { targetFormat: TARGET_FORMATS.coco },
      lines,
    );
    const run = prepareRun(input);

    assert.deepEqual(run.classes, ['square', 'blob'], 'meta order, not selection order');
    assert.equal(run.projectDir, workspace.data.supervisely);
    assert.equal(run.projectName, 'supervisely');
    assert.equal(run.dataset.dir, path.join(input.workDir, CONVERTED_DATASET_FOLDER));
    assert.deepEqual(
      run.modelMeta.classes.map((cls) => [cls.title, cls.shape]),
      [
        ['square', 'rectangle'],
        ['blob', 'rectangle'],
      ],
    );
    const train = JSON.parse(fs.readFileSync(path.join(run.dataset.dir, 'train.json'), 'utf8')) as {
      images: unknown[];
      categories: { name: string }[];
      annotations: unknown[];
    };
    const val = JSON.parse(fs.readFileSync(path.join(run.dataset.dir, 'val.json'), 'utf8')) as {
      images: unknown[];
    };
    assert.deepEqual(
      train.categories.map((category) => category.name),
      ['square', 'blob'],
    );
    assert.equal(train.images.length, run.split.train.length);
    assert.equal(val.images.length, run.split.val.length);
    assert.equal(run.split.train.length + run.split.val.length, 12);
    assert.ok(train.annotations.length > 0);
    assert.deepEqual(
      run.dataset.train.map((item) => item.ref),
      run.split.train,
    );
    assert.match(run.projectVersion, /^[0-9a-f]{64}$/u);
    assert.ok(
      lines.some(
        (line) => line.message.includes('blob: ') && line.message.includes('converted to rectangle'),
      ),
    );
  });

  it('writes YOLO boxes for detection and polygons for instance segmentation', () => {
    const labelLines = (dir: string) =>
      fs
        .readdirSync(path.join(dir, 'labels', 'train'))
        .flatMap((file) => fs.readFileSync(path.join(dir, 'labels', 'train', file), 'utf8').split('\n'))
        .filter((line) => line !== '');
    const boxes = prepareRun(inputFor(workspace, {}, { targetFormat: TARGET_FORMATS.yolo }));
    const boxLines = labelLines(boxes.dataset.dir);
    assert.ok(boxLines.length > 0);
    assert.ok(boxLines.every((line) => line.split(' ').length === 5));
    assert.match(fs.readFileSync(path.join(boxes.dataset.dir, 'data.yaml'), 'utf8'), /0: "square"/u);

    const polygons = prepareRun(
      inputFor(
        workspace,
        {},
        { targetFormat: TARGET_FORMATS.yolo, taskType: TASK_TYPES.instanceSegmentation },
      ),
    );
    const polygonLines = labelLines(polygons.dataset.dir);
    assert.ok(polygonLines.length > 0);
    assert.ok(polygonLines.every((line) => line.split(' ').length >= 7 && line.split(' ').length % 2 === 1));
    assert.equal(
      polygons.modelMeta.classes.find((cls) => cls.title === 'square')?.shape,
      'polygon',
      'rectangles become polygons for instance segmentation',
    );
  });

  it('hands the dataset folder itself to a framework without a target format (semantic segmentation)', () => {
    const input = inputFor(
      workspace,
      { train_val_split: BY_DATASET },
      { taskType: TASK_TYPES.semanticSegmentation },
    );
    const run = prepareRun(input);
    assert.equal(run.dataset.format, TARGET_FORMATS.none);
    assert.equal(run.dataset.dir, workspace.data.supervisely);
    assert.equal(fs.existsSync(input.workDir), false, 'nothing to write');
    assert.deepEqual(run.classes, AREA_CLASSES);
    assert.equal(run.split.train.length, 8);
    assert.equal(run.split.val.length, 4);
    assert.ok(run.split.val.every((ref) => ref.startsWith('train_b/night/')));
    assert.ok(
      run.dataset.index.items.every((item) => item.objects.every((object) => object.classTitle !== 'dot')),
    );
  });

  it('trains classification on class folders: an empty selection is every class', () => {
    const run = prepareRun(
      inputFor(
        workspace,
        { input: { project: '../data/classes' }, classes: [] },
        { taskType: TASK_TYPES.classification },
      ),
    );
    assert.deepEqual(run.classes, CLASS_FOLDER_CLASSES);
    assert.equal(
      run.split.train.length + run.split.val.length,
      CLASS_FOLDER_CLASSES.length * IMAGES_PER_CLASS,
    );
    assert.equal(run.dataset.dir, workspace.data.classes);
  });

  it('drops the images of deselected classes for classification', () => {
    const run = prepareRun(
      inputFor(
        workspace,
        { input: { project: '../data/classes' }, classes: ['square', 'disc'] },
        { taskType: TASK_TYPES.classification },
      ),
    );
    assert.deepEqual(run.classes, ['disc', 'square']);
    const used = [...run.split.train, ...run.split.val];
    assert.equal(used.length, 2 * IMAGES_PER_CLASS);
    assert.ok(used.every((ref) => /^all\/(disc|square)\//u.test(ref)));
  });

  it('never writes into the dataset', () => {
    const before = treeDigest(workspace.data.supervisely);
    prepareRun(inputFor(workspace, {}, { targetFormat: TARGET_FORMATS.yolo }));
    prepareRun(inputFor(workspace, {}, { targetFormat: TARGET_FORMATS.coco }));
    prepareRun(inputFor(workspace, {}, { taskType: TASK_TYPES.semanticSegmentation }));
    assert.deepEqual(treeDigest(workspace.data.supervisely), before);
  });

  it('gives the same split, version and converted files twice', () => {
    const first = prepareRun(inputFor(workspace, {}, { targetFormat: TARGET_FORMATS.coco }));
    const second = prepareRun(inputFor(workspace, {}, { targetFormat: TARGET_FORMATS.coco }));
    assert.deepEqual(second.split, first.split);
    assert.equal(second.projectVersion, first.projectVersion);
    for (const file of ['train.json', 'val.json']) {
      assert.equal(
        fs.readFileSync(path.join(second.dataset.dir, file), 'utf8'),
        fs.readFileSync(path.join(first.dataset.dir, file), 'utf8'),
      );
    }
  });

  it('uses a recorded split as it is, and versions only the items it uses', () => {
    const fresh = prepareRun(inputFor(workspace));
    const refs = readDataset(workspace.data.supervisely).items.map((item) => item.ref);
    const recorded = { train: refs.slice(0, 4), val: refs.slice(4, 6) };
    assert.notDeepEqual(fresh.split.train, recorded.train);
    const run = prepareRun(inputFor(workspace, {}, { recordedSplit: recorded }));
    assert.deepEqual(run.split.train, [...recorded.train].sort());
    assert.deepEqual(run.split.val, [...recorded.val].sort());
    assert.equal(run.split.unassigned.length, refs.length - 6);
    assert.notEqual(run.projectVersion, fresh.projectVersion);
  });

  it('keeps shapes that already fit when convert_class_shapes is false', () => {
    const run = prepareRun(
      inputFor(workspace, { classes: ['square'], options: { convert_class_shapes: false } }),
    );
    assert.deepEqual(run.classes, ['square']);
  });

  it('accepts a checkpoint with the same classes, and a different one when the head starts afresh', () => {
    const same = prepareRun(inputFor(workspace, {}, { checkpointClasses: AREA_CLASSES, resuming: true }));
    assert.deepEqual(same.warnings, []);
    const lines: LogLine[] = [];
    const changed = prepareRun(
      inputFor(workspace, {}, { checkpointClasses: ['square', 'dot'], allowClassChange: true }, lines),
    );
    const [warning] = changed.warnings;
    assert.match(warning ?? '', /square 0→0, dot dropped, donut new, triangle new, blob new/u);
    assert.ok(lines.some((line) => line.level === 'warning' && line.message === warning));
  });
});
