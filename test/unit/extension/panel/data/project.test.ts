import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProjectView } from '../../../../../src/core/panel';
import {
  loadProject,
  previewConversion,
  previewSplit,
  projectCandidates,
} from '../../../../../src/extension/workbench/panel/data/project';
import type { LoadedProject } from '../../../../../src/extension/workbench/panel/data/project';
import { UserError } from '../../../../../src/extension/workbench/userError';
import { REPO_ROOT } from '../../../../paths';
import { makeWorkspace } from '../../commands/testWorkspace';
import type { TestWorkspace } from '../../commands/testWorkspace';

// The Project, Split and Classes cards' facts, from real dataset folders: the sample project (Supervisely,
// detection shapes) copied so that collection files can be added to it, and generated class folders.

let root: string;
let sample: string;
let workspace: TestWorkspace;
let project: LoadedProject;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-panel-project-'));
  sample = path.join(root, 'shapes');
  fs.cpSync(path.join(REPO_ROOT, 'samples', 'shapes'), sample, { recursive: true });
  fs.mkdirSync(path.join(sample, 'lists'));
  fs.writeFileSync(
    path.join(sample, 'val.txt'),
    '# validation\ntrain_a/train_a_000.png\ntrain_b/train_b_001.png\n',
  );
  fs.writeFileSync(
    path.join(sample, 'lists', 'train.txt'),
    'train_a/train_a_001.png\ntrain_a/train_a_002.png\n',
  );
  fs.writeFileSync(path.join(sample, 'notes.txt'), 'remember to relabel the blobs\n');
  project = loadProject(sample, root);
  workspace = makeWorkspace('panel-project');
});

after(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(workspace.root, { recursive: true, force: true });
});

describe('loadProject', () => {
  it('describes the sample project: format, counts, classes with meta colours, datasets', () => {
    const { view } = project;
    assert.doesNotThrow(() => ProjectView.parse(view));
    assert.equal(view.path, sample);
    assert.equal(view.label, 'shapes');
    assert.equal(view.format, 'supervisely');
    assert.equal(view.images, 180);
    assert.deepEqual(
      view.datasets.map((dataset) => [dataset.name, dataset.images]),
      [
        ['train_a', 60],
        ['train_b', 60],
        ['train_b/night', 60],
      ],
    );
    const square = view.classes.find((row) => row.name === 'square');
    assert.deepEqual(
      { shape: square?.shape, color: square?.color, objects: square?.objects, images: square?.images },
      { shape: 'rectangle', color: '#e62828', objects: 102, images: 77 },
    );
    assert.deepEqual(view.imageTags, ['weather']);
    assert.equal(
      view.objects,
      view.classes.reduce((sum, row) => sum + row.objects, 0),
    );
    assert.equal(view.problems, 0);
  });

  it('offers the .txt files that list items, relative to the app_state folder, and no other text file', () => {
    assert.deepEqual(project.view.collections, ['shapes/val.txt', 'shapes/lists/train.txt']);
  });

  it('gives class folders colours from the stable palette', () => {
    const { view } = loadProject(workspace.shapes);
    assert.equal(view.format, 'class_folders');
    assert.deepEqual(
      view.classes.map((row) => row.shape),
      ['any', 'any', 'any', 'any'],
    );
    for (const row of view.classes) assert.match(row.color, /^#[0-9a-f]{6}$/);
    assert.deepEqual(loadProject(workspace.shapes).view.classes, view.classes);
    assert.equal(new Set(view.classes.map((row) => row.color)).size, view.classes.length);
  });

  it('refuses a folder that is no dataset, with a hint', () => {
    const empty = fs.mkdtempSync(path.join(root, 'empty-'));
    assert.throws(
      () => loadProject(empty),
      (error: unknown) =>
        error instanceof UserError && error.message.includes('not a dataset') && error.hint.length > 0,
    );
  });

  it('refuses a dataset without images', () => {
    const bare = path.join(root, 'bare');
    fs.mkdirSync(path.join(bare, 'ds', 'img'), { recursive: true });
    fs.mkdirSync(path.join(bare, 'ds', 'ann'));
    fs.copyFileSync(path.join(sample, 'meta.json'), path.join(bare, 'meta.json'));
    assert.throws(
      () => loadProject(bare),
      (error: unknown) => error instanceof UserError && error.message.includes('no images'),
    );
  });
});

describe('projectCandidates', () => {
  it('lists the dataset folders of the workspace with their format, skipping what it is told to', () => {
    const all = projectCandidates([workspace.root], () => false);
    assert.deepEqual(
      all.map((candidate) => candidate.label),
      [
        'data/shapes (class_folders)',
        'data/objects/coco (coco)',
        'data/objects/supervisely (supervisely)',
        'data/objects/yolo (yolo)',
      ],
    );
    assert.ok(all.some((candidate) => candidate.path === workspace.shapes));
    const skipped = projectCandidates([workspace.root], (dir) => dir === workspace.shapes);
    assert.equal(skipped.length, all.length - 1);
    assert.ok(!skipped.some((candidate) => candidate.path === workspace.shapes));
  });
});

describe('previewSplit', () => {
  it('counts a random split as training draws it', () => {
    assert.deepEqual(
      previewSplit(
        project,
        { method: 'random', split: 'train', percent: 75, seed: 1, stratify: false },
        [],
        root,
      ),
      {
        status: 'ready',
        train: 135,
        val: 45,
      },
    );
  });

  it('counts a split by datasets and by collections', () => {
    assert.deepEqual(
      previewSplit(
        project,
        { method: 'datasets', train_datasets: ['train_a'], val_datasets: ['train_b'] },
        ['square'],
        root,
      ),
      { status: 'ready', train: 60, val: 120 },
    );
    assert.deepEqual(
      previewSplit(
        project,
        {
          method: 'collections',
          train_collections: ['shapes/lists/train.txt'],
          val_collections: ['shapes/val.txt'],
        },
        [],
        root,
      ),
      { status: 'ready', train: 2, val: 2 },
    );
  });

  it('says why a split cannot be made', () => {
    const missing = previewSplit(
      project,
      { method: 'collections', train_collections: ['nowhere.txt'], val_collections: ['shapes/val.txt'] },
      [],
      root,
    );
    assert.equal(missing.status, 'error');
    assert.match(missing.message, /nowhere\.txt/);
    const tags = previewSplit(
      project,
      { method: 'tags', train_tag: 'sunny', val_tag: 'rainy', untagged_action: 'ignore' },
      [],
      root,
    );
    assert.equal(tags.status, 'error');
  });

  it('refuses a class the project does not have', () => {
    const preview = previewSplit(
      project,
      { method: 'random', split: 'train', percent: 80, seed: 1, stratify: false },
      ['Square'],
      root,
    );
    assert.equal(preview.status, 'error');
    assert.match(preview.message, /did you mean 'square'/);
  });
});

describe('previewConversion', () => {
  it('shows what detection makes of each shape, with the object counts', () => {
    const preview = previewConversion(project, ['square', 'donut', 'dot'], 'object detection');
    assert.equal(preview.taskType, 'object detection');
    const rowsOf = (name: string) => preview.rows.filter((row) => row.className === name);
    assert.deepEqual(
      rowsOf('square').map((row) => row.outcome),
      ['kept'],
    );
    assert.deepEqual(
      rowsOf('donut').map((row) => [row.outcome, row.target]),
      [['converted', 'rectangle']],
    );
    const dots = rowsOf('dot');
    assert.ok(dots.every((row) => row.outcome === 'dropped' && (row.reason ?? '').length > 0));
    const objects = (name: string) => project.view.classes.find((row) => row.name === name)?.objects;
    assert.equal(
      rowsOf('square').reduce((sum, row) => sum + row.objects, 0),
      objects('square'),
    );
    assert.ok(!preview.rows.some((row) => row.className === 'triangle'));
  });

  it('shows instance segmentation turning rectangles into polygons; every class when none is selected', () => {
    const preview = previewConversion(project, [], 'instance segmentation');
    const square = preview.rows.find((row) => row.className === 'square');
    assert.deepEqual(square && [square.outcome, square.target], ['converted', 'polygon']);
    assert.deepEqual(
      [...new Set(preview.rows.map((row) => row.className))],
      project.view.classes.map((row) => row.name),
    );
  });

  it('leaves out unknown names, and selects nothing when every name is unknown', () => {
    assert.deepEqual(previewConversion(project, ['nope'], 'object detection').rows, []);
    const preview = previewConversion(project, ['nope', 'square'], 'object detection');
    assert.deepEqual([...new Set(preview.rows.map((row) => row.className))], ['square']);
  });
});
