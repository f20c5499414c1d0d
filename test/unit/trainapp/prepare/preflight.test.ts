import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TASK_TYPES } from '../../../../src/core/names';
import { TARGET_FORMATS } from '../../../../src/core/schemas/framework';
import { readDataset } from '../../../../src/data/readers';
import { CONVERTED_DATASET_FOLDER, prepareRun } from '../../../../src/trainapp/prepare';
import type { PrepareInput } from '../../../../src/trainapp/prepare';
import type { RunProblem } from '../../../../src/trainapp/runError';
import { AREA_CLASSES, createWorkspace, inputFor, problemOf, treeDigest } from './support';
import type { Workspace } from './support';

// Each failure is one RunError that names the culprit and the fix, raised before anything is written.

const BY_DATASET = {
  method: 'datasets',
  train_datasets: ['train_a', 'train_b'],
  val_datasets: ['train_b/night'],
};
const CLASSES_PROJECT = { project: '../data/classes' };

/** The first three images of a class in the class-folders project. */
const classImages = (cls: string) => [0, 1, 2].map((n) => `all/${cls}/000${String(n)}.png`);

describe('prepareRun preflight', () => {
  let workspace: Workspace;
  let datasetDigest: Map<string, string>;
  before(() => {
    workspace = createWorkspace();
    datasetDigest = treeDigest(workspace.data.supervisely);
  });
  after(() => {
    assert.deepEqual(
      treeDigest(workspace.data.supervisely),
      datasetDigest,
      'a failed run writes nothing into the dataset',
    );
    workspace.remove();
  });

  /** Fails the run and checks that nothing was written first. */
  function fail(input: PrepareInput): RunProblem {
    const problem = problemOf(() => prepareRun(input));
    assert.equal(fs.existsSync(input.workDir), false, 'preflight failed after writing');
    return problem;
  }

  /** A `collections` split from two lists of refs, written beside app_state. */
  function collections(train: readonly string[], val: readonly string[]) {
    return {
      method: 'collections',
      train_collections: [workspace.writeBeside(`train-${String(train.length)}.txt`, train.join('\n'))],
      val_collections: [workspace.writeBeside(`val-${String(val.length)}.txt`, val.join('\n'))],
    };
  }

  it('names input.project and the folder looked at when the dataset is missing', () => {
    const problem = fail(inputFor(workspace, { input: { project: '../data/lemons' } }));
    assert.match(problem.message, /input\.project '\.\.\/data\/lemons' does not exist/u);
    assert.ok(problem.message.includes(path.join(workspace.root, 'data', 'lemons')));
    assert.ok(problem.hint.includes(workspace.dir), 'says where relative paths start');
    assert.equal(problem.file, workspace.appStatePath);
    assert.equal(problem.field, 'input.project');
  });

  it('tells what is wrong with a folder that holds no dataset', () => {
    const empty = path.join(workspace.root, 'data', 'empty');
    fs.mkdirSync(empty);
    const problem = fail(inputFor(workspace, { input: { project: '../data/empty' } }));
    assert.match(problem.message, /no dataset found/u);
    assert.equal(problem.file, empty);
    assert.match(problem.hint, /top folder of the dataset/u);
  });

  it('fails on a project without classes', () => {
    const bare = path.join(workspace.root, 'data', 'bare');
    const meta = JSON.parse(
      fs.readFileSync(path.join(workspace.data.supervisely, 'meta.json'), 'utf8'),
    ) as object;
    fs.mkdirSync(path.join(bare, 'ds', 'img'), { recursive: true });
    fs.mkdirSync(path.join(bare, 'ds', 'ann'));
    fs.writeFileSync(path.join(bare, 'meta.json'), JSON.stringify({ ...meta, classes: [] }));
    const source = path.join(workspace.data.supervisely, 'train_a');
    fs.copyFileSync(path.join(source, 'img', 'train_a_001.png'), path.join(bare, 'ds', 'img', 'x.png'));
    fs.copyFileSync(
      path.join(source, 'ann', 'train_a_001.png.json'),
      path.join(bare, 'ds', 'ann', 'x.png.json'),
    );
    const problem = fail(inputFor(workspace, { input: { project: '../data/bare' }, classes: [] }));
    assert.match(problem.message, /has no classes/u);
    assert.equal(problem.field, 'input.project');
  });

  it('names a selected class the project lacks, with a did-you-mean', () => {
    const problem = fail(inputFor(workspace, { classes: ['Square', 'kiwi'] }));
    assert.match(problem.message, /'Square' \(did you mean 'square'\?\)/u);
    assert.match(problem.message, /'kiwi'/u);
    assert.match(problem.hint, /case-sensitive/u);
    assert.equal(problem.file, workspace.appStatePath);
    assert.equal(problem.field, 'classes');
  });

  it('passes on a split that cannot be made, with its field', () => {
    const problem = fail(
      inputFor(workspace, { train_val_split: { ...BY_DATASET, train_datasets: ['train_z'] } }),
    );
    assert.match(problem.message, /'train_z'/u);
    assert.equal(problem.field, 'train_val_split.train_datasets');
    assert.match(problem.hint, /train_val_split\.train_datasets/u);
  });

  it('lists the recorded items that are gone, saying the dataset changed', () => {
    const refs = readDataset(workspace.data.supervisely).items.map((item) => item.ref);
    const recordedSplit = {
      train: [...refs.slice(0, 3), 'train_a/gone.png'],
      val: [...refs.slice(3, 5), 'x/y.png'],
    };
    const problem = fail(inputFor(workspace, {}, { recordedSplit }));
    assert.match(
      problem.message,
      /2 items of the run's recorded train\/val split are no longer in the dataset/u,
    );
    assert.match(problem.message, /'train_a\/gone\.png', 'x\/y\.png'/u);
    assert.match(problem.hint, /dataset changed since the run/u);
  });

  it('refuses shapes that need converting when convert_class_shapes is false', () => {
    const problem = fail(
      inputFor(workspace, { classes: ['square', 'donut'], options: { convert_class_shapes: false } }),
    );
    assert.match(problem.message, /'donut': 4 polygons, which would need converting to rectangle/u);
    assert.doesNotMatch(problem.message, /'square'/u, 'rectangles fit detection');
    assert.match(problem.hint, /options\.convert_class_shapes: true/u);
    assert.match(problem.hint, /deselect 'donut'/u);
    assert.equal(problem.field, 'options.convert_class_shapes');
  });

  it('names a class whose every train object conversion drops, its shape, count and what the task needs', () => {
    const dots = readDataset(workspace.data.supervisely)
      .items.filter((item) => item.dataset !== 'train_b/night')
      .flatMap((item) => item.objects.filter((object) => object.classTitle === 'dot'));
    assert.ok(dots.length > 1);
    const problem = fail(inputFor(workspace, { classes: ['square', 'dot'], train_val_split: BY_DATASET }));
    assert.ok(
      problem.message.includes(`'dot' (${String(dots.length)} points, dropped (a point has no extent))`),
    );
    assert.doesNotMatch(problem.message, /'square'/u);
    assert.match(problem.message, /Object detection trains on boxes/u);
    assert.match(problem.hint, /Deselect 'dot'/u);
    assert.equal(problem.field, 'classes');
  });

  it('names a class without objects in train', () => {
    const items = readDataset(workspace.data.supervisely).items;
    const background = items.filter((item) => item.objects.length === 0).map((item) => item.ref);
    const others = items.filter((item) => item.objects.length > 0).map((item) => item.ref);
    const problem = fail(
      inputFor(workspace, { classes: ['square'], train_val_split: collections(background, others) }),
    );
    assert.match(problem.message, /no objects in the train split/u);
    assert.match(problem.message, /'square' \(its \d+ objects are all in val\)/u);
    assert.match(problem.hint, /deselect it in classes/u);
    assert.equal(problem.field, 'classes');
  });

  it('names a classification class without images in train', () => {
    const problem = fail(
      inputFor(
        workspace,
        {
          input: CLASSES_PROJECT,
          classes: ['disc', 'square'],
          train_val_split: collections(classImages('square'), classImages('disc')),
        },
        { taskType: TASK_TYPES.classification },
      ),
    );
    assert.match(problem.message, /no images in the train split/u);
    assert.match(problem.message, /'disc' \(its 3 images are all in val\)/u);
    assert.doesNotMatch(problem.message, /'square'/u);
  });

  it('fails when preparation leaves val empty', () => {
    const problem = fail(
      inputFor(
        workspace,
        {
          input: CLASSES_PROJECT,
          classes: ['disc', 'square'],
          train_val_split: collections(
            [...classImages('disc'), ...classImages('square')],
            classImages('ring'),
          ),
        },
        { taskType: TASK_TYPES.classification },
      ),
    );
    assert.match(
      problem.message,
      /The val split is empty: its 3 images were all dropped for classification/u,
    );
    assert.match(problem.message, /'all\/ring\/0000\.png'/u);
    assert.equal(problem.field, 'train_val_split');
  });

  it('fails on a train split smaller than one batch, saying the sizes', () => {
    const problem = fail(inputFor(workspace, { train_val_split: BY_DATASET }, { batchSize: 16 }));
    assert.match(problem.message, /The train split has 8 images, fewer than one batch \(batch_size 16\)/u);
    assert.match(problem.hint, /Set batch_size to 8 or less/u);
    assert.equal(problem.field, 'hyperparameters');
  });

  it('fails on too little disk, saying needed, free and where', () => {
    const asked: string[] = [];
    const input = inputFor(
      workspace,
      {},
      {
        targetFormat: TARGET_FORMATS.coco,
        freeBytes: (dir) => {
          asked.push(dir);
          return 1_000_000;
        },
      },
    );
    const problem = fail(input);
    assert.match(
      problem.message,
      /needs about 50\.\d MB \(\d+\.\d kB of coco data plus 50\.0 MB for checkpoints and logs\)/u,
    );
    assert.match(problem.message, /has 1\.0 MB free/u);
    assert.ok(problem.message.includes(input.workDir));
    const [probed] = asked;
    assert.ok(probed !== undefined && fs.existsSync(probed) && input.workDir.startsWith(probed));
    assert.match(problem.hint, /Free at least 49\.\d MB/u);
  });

  it('shows the class mapping when a fine-tune checkpoint has other classes', () => {
    const problem = fail(inputFor(workspace, {}, { checkpointClasses: ['square', 'donut', 'dot'] }));
    assert.ok(
      problem.message.includes(
        'checkpoint classes: square(0) donut(1) dot(2); selected: square donut triangle blob → ' +
          'square 0→0, donut 1→1, dot dropped, triangle new, blob new',
      ),
    );
    assert.match(problem.hint, /Select the checkpoint's classes \(classes: \["square", "donut", "dot"\]\)/u);
    assert.match(problem.hint, /options\.reinitialize_head: true/u);
    assert.equal(problem.field, 'classes');
  });

  it('offers only a new head when the checkpoint classes cannot be selected', () => {
    const absent = fail(inputFor(workspace, {}, { checkpointClasses: ['square', 'zebra'] }));
    assert.match(absent.hint, /no class 'zebra', so set options\.reinitialize_head: true/u);
    const reordered = fail(
      inputFor(workspace, { classes: ['square', 'donut'] }, { checkpointClasses: ['donut', 'square'] }),
    );
    assert.match(reordered.message, /donut 0→1, square 1→0/u);
    assert.match(reordered.hint, /another order, so set options\.reinitialize_head: true/u);
  });

  it('requires exactly the checkpoint classes to resume, whatever reinitialize_head says', () => {
    const problem = fail(
      inputFor(
        workspace,
        {},
        { checkpointClasses: ['square', 'donut'], resuming: true, allowClassChange: true },
      ),
    );
    assert.match(problem.message, /run being resumed was trained on other classes/u);
    assert.match(problem.message, /triangle new, blob new/u);
    assert.match(problem.hint, /set classes to \["square", "donut"\]/u);
  });

  it('refuses a target format that cannot hold the task’s labels', () => {
    const frameworkFile = path.join(workspace.root, 'framework.json');
    const yolo = fail(
      inputFor(
        workspace,
        {},
        { targetFormat: TARGET_FORMATS.yolo, taskType: TASK_TYPES.semanticSegmentation, frameworkFile },
      ),
    );
    assert.match(yolo.message, /trains from yolo data .* cannot hold semantic segmentation labels/u);
    assert.match(yolo.hint, /set target_format to 'none'/u);
    assert.equal(yolo.file, frameworkFile);
    assert.equal(yolo.field, 'target_format');
    const coco = fail(
      inputFor(
        workspace,
        { input: CLASSES_PROJECT, classes: [] },
        { targetFormat: TARGET_FORMATS.coco, taskType: TASK_TYPES.classification },
      ),
    );
    assert.match(coco.message, /coco data .* cannot hold classification labels/u);
  });

  it('refuses a work folder inside the dataset', () => {
    const workDir = path.join(workspace.data.supervisely, 'experiments', '.work');
    const problem = fail(inputFor(workspace, {}, { workDir, targetFormat: TARGET_FORMATS.coco }));
    assert.match(problem.message, /never writes into a dataset/u);
    assert.ok(problem.message.includes(workspace.data.supervisely));
    assert.equal(problem.field, 'input.project');
  });

  it('will not replace a work folder of files it did not write', () => {
    const input = inputFor(workspace, { classes: AREA_CLASSES }, { targetFormat: TARGET_FORMATS.coco });
    const foreign = path.join(input.workDir, CONVERTED_DATASET_FOLDER, 'notes.txt');
    fs.mkdirSync(path.dirname(foreign), { recursive: true });
    fs.writeFileSync(foreign, 'mine');
    const problem = problemOf(() => prepareRun(input));
    assert.match(problem.message, /holds files that Train Studio did not write/u);
    assert.ok(problem.hint.includes(path.join(input.workDir, CONVERTED_DATASET_FOLDER)));
    assert.equal(fs.readFileSync(foreign, 'utf8'), 'mine');
  });
});
