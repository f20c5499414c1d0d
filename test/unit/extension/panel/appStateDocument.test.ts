import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { BUILTIN_FRAMEWORK } from '../../../../src/core/names';
import { TrainValSplitSettings } from '../../../../src/core/schemas';
import { AppStateDocument } from '../../../../src/extension/workbench/panel/appStateDocument';
import { UserError } from '../../../../src/extension/workbench/userError';
import { REPO_ROOT } from '../../../paths';

// Real files: the sample app_state, and copies broken in the ways people break them.

const SAMPLE = path.join(REPO_ROOT, 'samples', 'app_state.json');

describe('the panel’s app_state document', () => {
  let dir: string;
  let counter = 0;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-document-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh file in dir/<n>/ with `text` (the sample's when not given). */
  function fileWith(text = fs.readFileSync(SAMPLE, 'utf8')): string {
    counter += 1;
    const file = path.join(dir, String(counter), 'app_state.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }
  const sample = () => JSON.parse(fs.readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>;
  const withParts = (parts: Record<string, unknown>) =>
    fileWith(JSON.stringify({ ...sample(), ...parts }, null, 2));

  it('reads the sample into settings without problems', () => {
    const file = fileWith();
    const reading = new AppStateDocument(file, 'edit').read();
    const raw = sample() as { input: { project: string }; train_val_split: unknown; model: unknown };
    assert.deepEqual(reading.problems, []);
    assert.equal(reading.settings.project, raw.input.project);
    assert.deepEqual(reading.settings.split, TrainValSplitSettings.parse(raw.train_val_split));
    assert.deepEqual(reading.settings.model, raw.model);
    assert.equal(reading.projectDir, path.resolve(path.dirname(file), raw.input.project));
    assert.equal(reading.framework, BUILTIN_FRAMEWORK);
  });

  it('keeps the good parts when one is bad, and puts each problem on its card', () => {
    const file = withParts({
      train_val_split: { method: 'random', percent: 140 },
      classes: 'circle',
      experiment_name: 'a/b',
      options: { cache_project: 'yes' },
    });
    const reading = new AppStateDocument(file, 'edit').read();
    assert.deepEqual(
      reading.problems.map((problem) => [problem.card, problem.field]),
      [
        ['split', 'train_val_split.percent'],
        ['classes', 'classes'],
        ['options', 'options.cache_project'],
        ['run', 'experiment_name'],
      ],
    );
    assert.equal(reading.settings.split, undefined);
    assert.deepEqual(reading.settings.classes, []);
    assert.ok(reading.settings.model, 'the model is still read');
    assert.ok(reading.settings.project, 'the project is still read');
    assert.equal(reading.settings.options.cache_project, true, 'defaults stand in for bad options');
    assert.match(reading.problems[0]?.message ?? '', /^train_val_split\.percent: /);
  });

  it('names what is still to choose in a file that lacks parts', () => {
    const file = fileWith('{ "framework": "builtin" }\n');
    const reading = new AppStateDocument(file, 'edit').read();
    assert.deepEqual(
      reading.problems.map((problem) => problem.card),
      ['project', 'split', 'model'],
    );
    assert.equal(reading.projectDir, undefined);
    assert.equal(reading.settings.hyperparameters, '');
    assert.equal(reading.settings.options.model_benchmark.enable, true);
  });

  it('turns a JSON syntax error into one problem naming line and column', () => {
    const file = fileWith('{\n  "framework": "builtin",\n  "classes": [1,]\n}\n');
    const reading = new AppStateDocument(file, 'edit').read();
    assert.equal(reading.problems.length, 1);
    assert.match(reading.problems[0]?.message ?? '', /^app_state\.json:3:\d+: /);
    assert.equal(new AppStateDocument(fileWith('[1, 2]'), 'edit').read().problems.length, 1);
  });

  it('says so, with a UserError, when the file is gone', () => {
    assert.throws(
      () => new AppStateDocument(path.join(dir, 'missing.json'), 'edit').read(),
      (error: unknown) => error instanceof UserError && error.message.includes('does not exist'),
    );
  });

  it('applies an edit to the file as it is on disk, keeping every other byte', () => {
    const file = fileWith();
    const document = new AppStateDocument(file, 'edit');
    document.read();
    // Someone edits the file after the panel read it; the panel's edit must keep that change.
    const onDisk = JSON.stringify({
      ...sample(),
      experiment_name: 'from-the-editor',
      extra_key: { kept: true },
    });
    fs.writeFileSync(file, onDisk);
    document.apply({ field: 'classes', value: ['circle'] });
    const text = fs.readFileSync(file, 'utf8');
    const classes = findNodeAtLocation(parseTree(text) ?? assert.fail('parses'), ['classes']);
    const before = findNodeAtLocation(parseTree(onDisk) ?? assert.fail('parses'), ['classes']);
    assert.ok(classes && before);
    assert.equal(
      text.slice(0, classes.offset),
      onDisk.slice(0, before.offset),
      'the text before is as it was',
    );
    assert.equal(
      text.slice(classes.offset + classes.length),
      onDisk.slice(before.offset + before.length),
      'the text after is as it was',
    );
    assert.deepEqual(JSON.parse(text), { ...(JSON.parse(onDisk) as object), classes: ['circle'] });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['app_state.json'], 'no temporary file left');
  });

  // A file as a Windows user with a 4-space editor leaves it, one-line arrays included.
  const CRLF_FILE = [
    '{',
    '    "framework": "builtin",',
    '    "classes": ["circle", "square"],',
    '    "experiment_name": "first",',
    '    "options": {"cache_project": true}',
    '}',
    '',
  ].join('\r\n');

  it('changes only the edited value in a 4-space CRLF file', () => {
    const file = fileWith(CRLF_FILE);
    new AppStateDocument(file, 'edit').apply({ field: 'experimentName', value: 'second' });
    assert.equal(fs.readFileSync(file, 'utf8'), CRLF_FILE.replace('"first"', '"second"'));
  });

  it('adds a key in the file’s own indentation and line ends, and removes it cleanly', () => {
    const withoutName = CRLF_FILE.replace('    "experiment_name": "first",\r\n', '');
    const file = fileWith(withoutName);
    const document = new AppStateDocument(file, 'edit');
    document.apply({ field: 'experimentName', value: 'second' });
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      withoutName.replace(
        '{"cache_project": true}\r\n',
        '{"cache_project": true},\r\n    "experiment_name": "second"\r\n',
      ),
    );
    document.apply({ field: 'experimentName', value: null });
    assert.equal(fs.readFileSync(file, 'utf8'), withoutName, 'the last key goes with its comma');

    const middle = fileWith(CRLF_FILE);
    new AppStateDocument(middle, 'edit').apply({ field: 'experimentName', value: null });
    assert.equal(fs.readFileSync(middle, 'utf8'), withoutName, 'a key in the middle goes with its line');
  });

  it('indents what it adds with tabs in a tab-indented file', () => {
    const file = fileWith('{\n\t"framework": "builtin"\n}\n');
    new AppStateDocument(file, 'edit').apply({ field: 'classes', value: ['circle'] });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^\{\n\t"framework": "builtin",\n\t"classes": \[\n\t\t"circle"\n\t\]\n\}\n$/);
  });

  it('writes project and custom-model paths relative to the file, with forward slashes', () => {
    const file = fileWith();
    const document = new AppStateDocument(file, 'edit');
    const folder = path.dirname(file);
    document.apply({ field: 'project', value: path.join(folder, 'data', 'shapes') });
    document.apply({
      field: 'model',
      value: {
        source: 'Custom models',
        experiment: path.join(folder, 'experiments', 'shapes', '2_tfjs'),
        checkpoint: 'best.json',
      },
    });
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { input: unknown; model: unknown };
    assert.deepEqual(written.input, { project: 'data/shapes' });
    assert.deepEqual(written.model, {
      source: 'Custom models',
      experiment: 'experiments/shapes/2_tfjs',
      checkpoint: 'best.json',
    });
    document.apply({ field: 'project', value: path.join(path.dirname(folder), 'other') });
    assert.deepEqual((JSON.parse(fs.readFileSync(file, 'utf8')) as { input: unknown }).input, {
      project: '../other',
    });
  });

  it('adds, replaces and removes the experiment name', () => {
    const file = fileWith('{ "framework": "builtin" }\n');
    const document = new AppStateDocument(file, 'edit');
    document.apply({ field: 'experimentName', value: 'first' });
    assert.equal(new AppStateDocument(file, 'edit').read().settings.experimentName, 'first');
    document.apply({ field: 'experimentName', value: null });
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { framework: 'builtin' });
  });

  it('refuses edits in read-only mode and on a file that does not parse, leaving the file as it was', () => {
    const file = fileWith();
    const before = fs.readFileSync(file, 'utf8');
    assert.throws(
      () => {
        new AppStateDocument(file, 'readOnly').apply({ field: 'classes', value: ['circle'] });
      },
      (error: unknown) => error instanceof UserError && error.message.includes('read-only'),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    const broken = fileWith('{ "classes": [ }');
    assert.throws(
      () => {
        new AppStateDocument(broken, 'edit').apply({ field: 'classes', value: [] });
      },
      (error: unknown) => error instanceof UserError && /app_state\.json:1:\d+/.test(error.message),
    );
    assert.equal(fs.readFileSync(broken, 'utf8'), '{ "classes": [ }');
  });
});
