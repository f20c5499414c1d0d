import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fineTuneAppState } from '../../../../src/extension/workbench/commands/fineTuneAppState';
import type { FineTuneTarget } from '../../../../src/extension/workbench/commands/fineTuneAppState';
import { PathGuard } from '../../../../src/extension/workbench/panel/pathGuard';
import { UserError } from '../../../../src/extension/workbench/userError';
import { checkConfigText } from '../../../../src/trainapp/configFiles';
import { readExperimentInfo } from '../../../../src/trainapp/experiments';
import { QUICK_HYPERPARAMETERS } from '../../../fixtures/quickRun';
import { REPO_ROOT } from '../../../paths';
import { EXPERIMENT_NAME, makeWorkspace } from './testWorkspace';
import type { TestWorkspace } from './testWorkspace';

describe('the fine-tune app_state', () => {
  let workspace: TestWorkspace;
  before(() => {
    workspace = makeWorkspace('finetune');
  });
  after(() => {
    fs.rmSync(workspace.root, { recursive: true, force: true });
  });

  /** The real guard over `roots`, the file falling back to `workspaceFolder`. */
  const targetIn = (roots: string[], workspaceFolder?: string): FineTuneTarget => {
    const guard = new PathGuard(() => ({ workspaceFolders: roots, experimentsDirs: [] }));
    return { allowed: (file) => guard.check(file).allowed, workspaceFolder };
  };
  const anywhere = (): FineTuneTarget => targetIn([workspace.root]);

  it('goes beside the dataset, with the experiment’s settings and the checkpoint as a custom model', () => {
    const info = readExperimentInfo(workspace.experiment);
    const { file, appState } = fineTuneAppState(workspace.experiment, info, 'epoch_2.json', anywhere());
    const dataDir = path.join(workspace.root, 'data');
    assert.equal(file, path.join(dataDir, `${EXPERIMENT_NAME}.finetune.app_state.json`));
    assert.deepEqual(appState.input, { project: 'shapes' });
    assert.deepEqual(appState.model, {
      source: 'Custom models',
      experiment: '../experiments/shapes/1_tfjs',
      checkpoint: 'epoch_2.json',
    });
    assert.equal(appState.hyperparameters, QUICK_HYPERPARAMETERS);
    assert.deepEqual(appState.train_val_split, {
      method: 'random',
      split: 'train',
      percent: 75,
      seed: 3,
      stratify: false,
    });
    assert.equal(appState.experiment_name, `${EXPERIMENT_NAME}-finetune`);
    assert.equal(appState.options.cache_project, false, 'the options are the experiment’s');
    // The editor and the trainer check it the same way: no error, the checkpoint found.
    const errors = checkConfigText(file, JSON.stringify(appState), {
      builtinFrameworkDir: path.join(REPO_ROOT, 'frameworks', 'tfjs'),
    }).findings.filter((finding) => finding.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it('goes into the experiment’s workspace folder when the dataset’s folder is outside the roots', () => {
    const info = readExperimentInfo(workspace.experiment);
    const experiments = path.join(workspace.root, 'experiments');
    const { file, appState } = fineTuneAppState(
      workspace.experiment,
      info,
      'best.json',
      targetIn([experiments], experiments),
    );
    assert.equal(file, path.join(experiments, `${EXPERIMENT_NAME}.finetune.app_state.json`));
    assert.deepEqual(appState.input, { project: '../data/shapes' }, 'paths rebased onto the new folder');
    assert.equal(appState.model.source === 'Custom models' && appState.model.experiment, 'shapes/1_tfjs');
  });

  it('refuses, naming the file, when neither the dataset’s folder nor a workspace folder may be written', () => {
    const info = readExperimentInfo(workspace.experiment);
    const beside = path.join(workspace.root, 'data', `${EXPERIMENT_NAME}.finetune.app_state.json`);
    assert.throws(
      () =>
        fineTuneAppState(workspace.experiment, info, 'best.json', targetIn([path.join(workspace.root, 'x')])),
      (error: unknown) => error instanceof UserError && error.message.includes(beside),
    );
  });

  it('keeps a long experiment name a valid one', () => {
    const info = { ...readExperimentInfo(workspace.experiment), experiment_name: 'x'.repeat(100) };
    const { appState } = fineTuneAppState(workspace.experiment, info, 'best.json', anywhere());
    assert.equal(appState.experiment_name, `${'x'.repeat(91)}-finetune`);
  });

  it('names the experiment’s settings file when it is missing or invalid', () => {
    const info = readExperimentInfo(workspace.experiment);
    const broken = path.join(workspace.root, 'broken');
    fs.mkdirSync(broken);
    assert.throws(
      () => fineTuneAppState(broken, info, 'best.json', anywhere()),
      (error: unknown) =>
        error instanceof UserError && error.message.includes(path.join(broken, 'app_state.json')),
    );
    fs.writeFileSync(path.join(broken, 'app_state.json'), '{"input": {"project": "x"}}');
    assert.throws(
      () => fineTuneAppState(broken, info, 'best.json', anywhere()),
      (error: unknown) =>
        error instanceof UserError && /are not valid: (train_val_split|model)/.test(error.message),
    );
  });
});
