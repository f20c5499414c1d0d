import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FrameworkView, ModelsView } from '../../../../../src/core/panel';
import {
  readFrameworkView,
  readModelsView,
} from '../../../../../src/extension/workbench/panel/data/framework';
import { diagnoseHyperparameters } from '../../../../../src/extension/workbench/panel/data/hyperparameters';
import { UserError } from '../../../../../src/extension/workbench/userError';
import { REPO_ROOT } from '../../../../paths';
import { CHECKPOINTS, EXPERIMENT_NAME, makeWorkspace } from '../../commands/testWorkspace';
import type { TestWorkspace } from '../../commands/testWorkspace';

// The Model, Options and Hyperparameters cards' facts: the built-in framework's files, a framework folder of
// the user's (app_options.yaml, models.json), and an experiment folder's checkpoints.

const BUILTIN_DIR = path.join(REPO_ROOT, 'frameworks', 'tfjs');

let workspace: TestWorkspace;
/** A framework folder of the user's, named `mine` in the app_state at the workspace root. */
let mine: string;

function writeMine(file: string, text: string): void {
  fs.writeFileSync(path.join(mine, file), text);
}

before(() => {
  workspace = makeWorkspace('panel-framework');
  mine = path.join(workspace.root, 'mine');
  fs.mkdirSync(mine);
});

after(() => {
  fs.rmSync(workspace.root, { recursive: true, force: true });
});

describe('readFrameworkView', () => {
  it('gives the built-in framework the app_options defaults and no devices', () => {
    const view = readFrameworkView('tfjs', workspace.root, BUILTIN_DIR);
    assert.doesNotThrow(() => FrameworkView.parse(view));
    assert.equal(view.name, 'tfjs');
    assert.equal(view.appOptions.model_selector.show_custom, true);
    assert.deepEqual(view.appOptions.train_val_splits_selector.methods, [
      'random',
      'tags',
      'datasets',
      'collections',
    ]);
    assert.deepEqual(view.devices, []);
  });

  it("reads a framework folder's app_options.yaml, and offers devices with device_selector", () => {
    writeMine(
      'app_options.yaml',
      'device_selector: true\ncollapsable: true\ntrain_val_splits_selector:\n  methods: [datasets, random]\n',
    );
    const view = readFrameworkView('mine', workspace.root, BUILTIN_DIR);
    assert.equal(view.name, 'mine');
    assert.equal(view.appOptions.collapsable, true);
    assert.deepEqual(view.appOptions.train_val_splits_selector.methods, ['datasets', 'random']);
    assert.deepEqual(view.devices, ['cpu', 'gpu:0']);
  });

  it('refuses an invalid app_options.yaml, naming the file and the line of its first problem', () => {
    writeMine('app_options.yaml', 'collapsable: true\ndevice_selector: maybe\n');
    const file = path.join(mine, 'app_options.yaml');
    assert.throws(
      () => readFrameworkView('mine', workspace.root, BUILTIN_DIR),
      (error: unknown) =>
        error instanceof UserError && error.message.startsWith(`${file}:2: `) && error.hint.length > 0,
    );
    writeMine('app_options.yaml', 'collapsable: [true\n');
    assert.throws(
      () => readFrameworkView('mine', workspace.root, BUILTIN_DIR),
      (error: unknown) => error instanceof UserError && error.message.startsWith(`${file}:`),
    );
    fs.rmSync(file);
  });
});

describe('readModelsView', () => {
  it("lists models.json's entries with their display columns in models.json order", () => {
    const view = readModelsView('tfjs', workspace.root, BUILTIN_DIR, [], true);
    assert.doesNotThrow(() => ModelsView.parse(view));
    assert.deepEqual(view.columns.slice(0, 4), ['Model', 'Task', 'Params', 'Description']);
    const classifier = view.pretrained.find((row) => row.name === 'Classifier-S');
    assert.deepEqual(classifier && [classifier.task, classifier.columns.Params], ['classification', '24k']);
    assert.equal(view.error, undefined);
    assert.deepEqual(view.custom, []);
  });

  it("lists every experiment's checkpoints as custom models, best first, unless told not to", () => {
    const view = readModelsView('tfjs', workspace.root, BUILTIN_DIR, [workspace.experimentsDir], true);
    assert.equal(view.custom.length, CHECKPOINTS.length);
    assert.deepEqual(view.custom[0], {
      experimentDir: workspace.experiment,
      experimentName: EXPERIMENT_NAME,
      checkpoint: 'best.json',
      best: true,
      task: 'classification',
      model: 'Classifier-S',
    });
    assert.deepEqual(
      readModelsView('tfjs', workspace.root, BUILTIN_DIR, [workspace.experimentsDir], false).custom,
      [],
    );
  });

  it('fills empty cells for columns an entry lacks', () => {
    writeMine(
      'models.json',
      JSON.stringify([
        {
          Model: 'A',
          Size: 3,
          meta: { task_type: 'object detection', model_files: { checkpoint: 'scratch://' } },
        },
        {
          Model: 'B',
          Speed: 'fast',
          Fancy: true,
          meta: { task_type: 'object detection', model_files: { checkpoint: 'scratch://' } },
        },
      ]),
    );
    const view = readModelsView('mine', workspace.root, BUILTIN_DIR, [], false);
    assert.deepEqual(view.columns, ['Model', 'Size', 'Speed', 'Fancy']);
    assert.deepEqual(
      view.pretrained.map((row) => row.columns),
      [
        { Model: 'A', Size: '3', Speed: '', Fancy: '' },
        { Model: 'B', Size: '', Speed: 'fast', Fancy: 'true' },
      ],
    );
  });

  it('says why models.json cannot be read, and still lists the custom models', () => {
    writeMine('models.json', '[{"Model": "A"');
    const broken = readModelsView('mine', workspace.root, BUILTIN_DIR, [workspace.experimentsDir], true);
    assert.deepEqual([broken.columns, broken.pretrained], [[], []]);
    assert.match(broken.error ?? '', /models\.json/);
    assert.equal(broken.custom.length, CHECKPOINTS.length);
    writeMine('models.json', '[{"Model": "A"}]');
    assert.match(
      readModelsView('mine', workspace.root, BUILTIN_DIR, [], true).error ?? '',
      /not a valid models\.json/,
    );
    fs.rmSync(path.join(mine, 'models.json'));
    assert.match(readModelsView('mine', workspace.root, BUILTIN_DIR, [], true).error ?? '', /Cannot read/);
  });
});

describe('diagnoseHyperparameters', () => {
  it('finds nothing wrong with good hyperparameters', () => {
    assert.deepEqual(
      diagnoseHyperparameters('epochs: 3\nbatch_size: 4\n', 'tfjs', workspace.root, BUILTIN_DIR),
      [],
    );
  });

  it("reports the built-in schema's findings with 0-based positions, as the editor does", () => {
    const [finding, ...rest] = diagnoseHyperparameters(
      'epochs: 3\nbatch_size: -4\n',
      'tfjs',
      workspace.root,
      BUILTIN_DIR,
    );
    assert.equal(rest.length, 0);
    assert.deepEqual(finding && [finding.severity, finding.line, finding.column, finding.endLine], [
      'error',
      1,
      12,
      1,
    ]);
    const typo = diagnoseHyperparameters('epochz: 3\n', 'tfjs', workspace.root, BUILTIN_DIR);
    assert.match(typo[0]?.message ?? '', /epochs/);
    const broken = diagnoseHyperparameters('epochs: [3\n', 'tfjs', workspace.root, BUILTIN_DIR);
    assert.equal(broken[0]?.severity, 'error');
  });

  it("leaves another framework's keys alone, but not its YAML", () => {
    assert.deepEqual(
      diagnoseHyperparameters('lr0: 0.01\nmosaic: 1.0\n', 'mine', workspace.root, BUILTIN_DIR),
      [],
    );
    assert.equal(
      diagnoseHyperparameters('lr0: [0.01\n', 'mine', workspace.root, BUILTIN_DIR)[0]?.severity,
      'error',
    );
  });
});
