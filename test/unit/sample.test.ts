import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { TASK_TYPES } from '../../src/core/names';
import { AppState, BuiltinHyperparameters, ModelsJson, modelDisplayName } from '../../src/core/schemas';
import { filterClasses } from '../../src/data/classFilter';
import { convertForTask } from '../../src/data/convert/convertForTask';
import type { DatasetItem } from '../../src/data/model';
import { readDataset } from '../../src/data/readers';
import { splitItems } from '../../src/data/splits';
import { decodePng } from '../fixtures/png';
import { generateSample, SAMPLE_SETTINGS } from '../fixtures/sample';
import { REPO_ROOT } from '../paths';

// The bundled sample (samples/) is what `npm start` trains; these tests keep it the generator's output and
// a run configuration the app accepts.

const SAMPLES = path.join(REPO_ROOT, 'samples');
const PROJECT = path.join(SAMPLES, 'shapes');
const SAMPLE_CLI = path.join(__dirname, '..', 'fixtures', 'sample.js');

function listFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

function readAppState(): AppState {
  return AppState.parse(JSON.parse(fs.readFileSync(path.join(SAMPLES, 'app_state.json'), 'utf8')));
}

function parseHyperparameters(yamlText: string): BuiltinHyperparameters {
  return BuiltinHyperparameters.parse(YAML.parse(yamlText));
}

const classesIn = (items: readonly DatasetItem[]) =>
  new Set(items.flatMap((item) => item.objects.map((object) => object.classTitle)));

describe('the bundled sample project', () => {
  let scratch: string;
  let regenerated: string;
  let written: readonly string[];
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'train-sample-'));
    regenerated = path.join(scratch, 'shapes');
    written = generateSample(regenerated).files;
  });
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('has exactly the files the generator writes', () => {
    assert.deepEqual(listFiles(PROJECT), written);
    const images = written.filter((file) => file.endsWith('.png') && file.includes('/img/'));
    assert.equal(images.length, 3 * SAMPLE_SETTINGS.imagesPerDataset);
  });

  it('has the annotations and meta.json the generator writes, byte for byte', () => {
    const jsonFiles = written.filter((file) => file.endsWith('.json'));
    assert.equal(jsonFiles.length, 3 * SAMPLE_SETTINGS.imagesPerDataset + 1);
    for (const file of jsonFiles) {
      const committed = fs.readFileSync(path.join(PROJECT, file));
      assert.ok(committed.equals(fs.readFileSync(path.join(regenerated, file))), `${file} differs`);
    }
  });

  it('has the pixels the generator draws', () => {
    // PNG bytes depend on the zlib that compressed them, which may change with the Node version; the
    // decoded pixels do not. Decoding all 180 small images takes a fraction of a second.
    for (const file of written.filter((name) => name.endsWith('.png'))) {
      const committed = decodePng(fs.readFileSync(path.join(PROJECT, file)));
      const expected = decodePng(fs.readFileSync(path.join(regenerated, file)));
      assert.deepEqual(
        { ...committed, data: Buffer.from(committed.data) },
        { ...expected, data: Buffer.from(expected.data) },
        `${file} differs`,
      );
    }
  });

  it('reads without problems, with its three datasets and five classes', () => {
    const index = readDataset(PROJECT, { policy: 'skip' });
    assert.deepEqual(index.problems, []);
    assert.equal(index.format, 'supervisely');
    assert.deepEqual(index.datasets, ['train_a', 'train_b', 'train_b/night']);
    assert.deepEqual(
      index.meta.classes.map((cls) => cls.title),
      ['square', 'donut', 'triangle', 'blob', 'dot'],
    );
    assert.equal(index.items.length, 3 * SAMPLE_SETTINGS.imagesPerDataset);
  });
});

describe('the sample generator on the command line', () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'train-sample-cli-'));
  });
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const runCli = (...args: string[]) =>
    spawnSync(process.execPath, [SAMPLE_CLI, ...args], { encoding: 'utf8' });

  it('refuses a folder that is not empty, in one line, and leaves it as it was', () => {
    fs.writeFileSync(path.join(scratch, 'keep.txt'), 'mine');
    const result = runCli('--out', scratch);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^sample: the output folder .* is not empty; choose a new or empty folder/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.deepEqual(fs.readdirSync(scratch), ['keep.txt']);
  });

  it('asks for --out and rejects unknown options', () => {
    const missing = runCli();
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--out is required/);
    const unknown = runCli('--out', path.join(scratch, 'new'), '--seed', '3');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown option '--seed'/);
    assert.equal(fs.existsSync(path.join(scratch, 'new')), false);
  });
});

describe('the sample run configuration', () => {
  it('app_state.json is valid and points at the sample project', () => {
    const state = readAppState();
    assert.equal(path.resolve(SAMPLES, state.input.project), PROJECT);
    assert.equal(state.options.model_benchmark.enable, true);
  });

  it('embeds the same hyperparameters as hyperparameters.yaml, and both are valid', () => {
    const embedded = parseHyperparameters(readAppState().hyperparameters);
    const file = parseHyperparameters(fs.readFileSync(path.join(SAMPLES, 'hyperparameters.yaml'), 'utf8'));
    assert.deepEqual(embedded, file);
  });

  it('names a detection model of the built-in framework and area classes of the project', () => {
    const { model, classes } = readAppState();
    assert.equal(model.source, 'Pretrained models');
    const models = ModelsJson.parse(
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'tfjs', 'models.json'), 'utf8')),
    );
    const entry = models.find((candidate) => modelDisplayName(candidate) === model.model_name);
    assert.equal(entry?.meta.task_type, TASK_TYPES.objectDetection);
    // Points have no box, so `dot` cannot be a detection class.
    assert.deepEqual(classes, ['square', 'donut', 'triangle', 'blob']);
  });

  it('gives every class boxes on both sides of its split, with nothing dropped', () => {
    const state = readAppState();
    const { index, report } = convertForTask(
      filterClasses(readDataset(PROJECT), state.classes),
      TASK_TYPES.objectDetection,
    );
    assert.deepEqual(
      report.objects.filter((row) => row.outcome === 'dropped'),
      [],
    );
    const split = splitItems(index, state.train_val_split, { baseDir: SAMPLES });
    const byRef = new Map(index.items.map((item) => [item.ref, item]));
    const side = (refs: readonly string[]) => refs.flatMap((ref) => byRef.get(ref) ?? []);
    assert.deepEqual([split.train.length, split.val.length], [144, 36]);
    assert.deepEqual([...classesIn(side(split.train))].sort(), [...state.classes].sort());
    assert.deepEqual([...classesIn(side(split.val))].sort(), [...state.classes].sort());
  });
});
