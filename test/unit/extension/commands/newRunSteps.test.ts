import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppState } from '../../../../src/core/schemas';
import { REPO_ROOT } from '../../../paths';
import { checkConfigText } from '../../../../src/trainapp/configFiles';
import { listExperiments } from '../../../../src/trainapp/experiments';
import { newRunAppState, newRunFile } from '../../../../src/extension/workbench/commands/newRun/appStateFile';
import {
  customModelOptions,
  pretrainedModelOptions,
  readModelsJson,
} from '../../../../src/extension/workbench/commands/newRun/modelOptions';
import {
  defaultExperimentName,
  finishedChoices,
  newRunSteps,
} from '../../../../src/extension/workbench/commands/newRun/steps';
import type {
  InputStep,
  NewRunAnswers,
  NewRunEnvironment,
  Outcome,
  PickStep,
  Step,
} from '../../../../src/extension/workbench/commands/newRun/steps';
import { findDatasetFolders } from '../../../../src/extension/workbench/pick/datasetFolders';
import { EXPERIMENT_NAME, makeWorkspace } from './testWorkspace';
import type { TestWorkspace } from './testWorkspace';

// The New Training Run steps, answered directly (the QuickPick driver only shows them), on real dataset
// folders made by the fixture generators.

const FRAMEWORK_DIR = path.join(REPO_ROOT, 'frameworks', 'tfjs');

let workspace: TestWorkspace;
let env: NewRunEnvironment;

/** The step `id` for these answers. */
function stepOf(answers: NewRunAnswers, id: string): Step {
  const slot = newRunSteps(answers, env).find((candidate) => candidate.id === id);
  if (!slot) throw new Error(`no step ${id} for these answers`);
  return slot.build();
}

function pickStep(answers: NewRunAnswers, id: string): PickStep {
  const step = stepOf(answers, id);
  assert.equal(step.kind, 'pick', id);
  return step;
}

function inputStep(answers: NewRunAnswers, id: string): InputStep {
  const step = stepOf(answers, id);
  assert.equal(step.kind, 'input', id);
  return step;
}

function pick(answers: NewRunAnswers, id: string, labels: readonly string[]): Outcome {
  const step = pickStep(answers, id);
  const indexes = labels.map((label) => {
    const index = step.choices.findIndex((choice) => choice.label === label);
    assert.ok(index >= 0, `${id} offers ${label}: ${step.choices.map((choice) => choice.label).join(', ')}`);
    return index;
  });
  return step.accept(indexes);
}

function accepted(outcome: Outcome): NewRunAnswers {
  if ('error' in outcome) assert.fail(`refused: ${outcome.error}`);
  return outcome.answers;
}

function refused(outcome: Outcome): string {
  if (!('error' in outcome)) assert.fail('accepted, but should have been refused');
  return outcome.error;
}

const typed = (answers: NewRunAnswers, id: string, text: string) => inputStep(answers, id).accept(text);

/** The project step's answer for a dataset folder. */
const withProject = (dir: string): NewRunAnswers =>
  accepted(pickStep({}, 'project').accept([env.datasets.findIndex((dataset) => dataset.dir === dir)]));

describe('New Training Run steps', () => {
  before(() => {
    workspace = makeWorkspace('newrun');
    fs.writeFileSync(path.join(workspace.root, 'hyperparameters.yaml'), 'epochs: 2\nbatch_size: 4\n');
    fs.writeFileSync(path.join(workspace.root, 'hyperparameters_bad.yaml'), 'epochs: 2\nbatch_size: -4\n');
    env = {
      datasets: findDatasetFolders([workspace.root], { skip: (dir) => dir === workspace.experimentsDir }),
      models: [
        ...pretrainedModelOptions(readModelsJson(path.join(FRAMEWORK_DIR, 'models.json'))),
        ...customModelOptions(listExperiments(workspace.experimentsDir)),
      ],
      hyperparameterFiles: ['hyperparameters.yaml', 'hyperparameters_bad.yaml'].map((name) =>
        path.join(workspace.root, name),
      ),
      builtinFrameworkDir: FRAMEWORK_DIR,
      label: (file) => path.relative(workspace.root, file),
    };
  });
  after(() => {
    fs.rmSync(workspace.root, { recursive: true, force: true });
  });

  it('offers the dataset folders of the workspace, shallowest first, and not the folders inside them', () => {
    assert.deepEqual(
      env.datasets.map((dataset) => [path.relative(workspace.root, dataset.dir), dataset.format]),
      [
        ['data/shapes', 'class_folders'],
        ['data/objects/coco', 'coco'],
        ['data/objects/supervisely', 'supervisely'],
        ['data/objects/yolo', 'yolo'],
      ],
    );
    const step = pickStep({}, 'project');
    assert.deepEqual(
      step.choices.map((choice) => choice.label),
      env.datasets.map((dataset) => path.basename(dataset.dir)),
    );
    assert.ok(step.browse, 'a folder elsewhere can be browsed for');
  });

  it('refuses a browsed folder that is not a dataset, naming it', () => {
    const empty = fs.mkdtempSync(path.join(workspace.root, 'empty-'));
    const step = pickStep({}, 'project');
    assert.match(refused(step.browse?.accept(empty) ?? { error: 'no browse' }), /empty-.*is not a dataset/);
    assert.equal(
      accepted(step.browse?.accept(workspace.shapes) ?? { error: '' }).project?.format,
      'class_folders',
    );
  });

  it('lists the models of models.json with task and size, then the checkpoints of earlier experiments', () => {
    const step = pickStep(withProject(workspace.shapes), 'model');
    const classifier = step.choices.find((choice) => choice.label === 'Classifier-S');
    assert.equal(classifier?.description, 'classification · 24k parameters');
    assert.equal(classifier.group, 'Pretrained models');
    const custom = step.choices.filter((choice) => choice.group?.startsWith('Custom models'));
    assert.deepEqual(
      custom.map((choice) => choice.label),
      ['best.json', 'last.json', 'epoch_2.json', 'epoch_1.json'].map((name) => `${EXPERIMENT_NAME}: ${name}`),
    );
    assert.match(custom[0]?.description ?? '', /best/);
  });

  it('offers every class with its counts, all picked, and refuses none', () => {
    const answers = accepted(pick(withProject(workspace.supervisely), 'model', ['CenterNet-S']));
    const step = pickStep(answers, 'classes');
    assert.deepEqual(
      step.choices.map((choice) => choice.label),
      ['square', 'donut', 'triangle', 'blob', 'dot'],
    );
    assert.ok(step.choices.every((choice) => choice.picked));
    assert.match(step.choices[0]?.description ?? '', /^rectangle · \d+ objects in \d+ images$/);
    assert.match(refused(step.accept([])), /at least one class/);
    assert.deepEqual(accepted(pick(answers, 'classes', ['square', 'dot'])).classes, ['square', 'dot']);
  });

  it('offers only the split methods a project supports', () => {
    const methods = (dir: string) =>
      pickStep(withProject(dir), 'split').choices.map((choice) => choice.label);
    assert.deepEqual(methods(workspace.shapes), ['Random']);
    assert.deepEqual(methods(workspace.supervisely), ['Random', 'By datasets']);
  });

  it('checks the random split as it is typed, with the schema’s own limits', () => {
    const answers = accepted(pick(withProject(workspace.shapes), 'split', ['Random']));
    const percent = inputStep(answers, 'percent');
    assert.equal(percent.value, '80');
    assert.equal(percent.validate('75'), undefined);
    assert.match(percent.validate('abc') ?? '', /number/);
    assert.match(percent.validate('100') ?? '', /100/);
    assert.match(refused(percent.accept('0')), /0/);
    const withPercent = accepted(percent.accept('75'));
    const seed = inputStep(withPercent, 'seed');
    assert.equal(seed.value, '42');
    assert.match(seed.validate('-1') ?? '', /whole number/);
    assert.match(seed.validate(String(2 ** 32)) ?? '', /4294967295|too big|<=/i);
    assert.deepEqual(accepted(seed.accept('7')).split, {
      method: 'random',
      split: 'train',
      percent: 75,
      seed: 7,
      stratify: false,
    });
  });

  it('splits by datasets: the picked ones validate, the rest (nested ones included) train', () => {
    const answers = accepted(pick(withProject(workspace.supervisely), 'split', ['By datasets']));
    assert.deepEqual(
      pickStep(answers, 'valDatasets').choices.map((choice) => choice.label),
      ['train_a', 'train_b', 'train_b/night'],
    );
    assert.deepEqual(accepted(pick(answers, 'valDatasets', ['train_b'])).split, {
      method: 'datasets',
      train_datasets: ['train_a'],
      val_datasets: ['train_b'],
    });
    assert.deepEqual(accepted(pick(answers, 'valDatasets', ['train_b/night'])).split, {
      method: 'datasets',
      train_datasets: ['train_a', 'train_b'],
      val_datasets: ['train_b/night'],
    });
    assert.match(refused(pick(answers, 'valDatasets', [])), /at least one dataset to validate/);
    assert.match(
      refused(pick(answers, 'valDatasets', ['train_a', 'train_b'])),
      /at least one dataset to train/,
    );
  });

  it('splits by tags when the images carry two tags or more, and tries the split on the data', () => {
    const project = path.join(workspace.root, 'data', 'tagged');
    fs.cpSync(workspace.supervisely, project, { recursive: true });
    tagImages(project, (name) =>
      name.startsWith('train_a') ? 'fit' : name.startsWith('night') ? 'holdout' : 'spare',
    );
    const answers = accepted(
      pick(accepted(pickStep({}, 'project').browse?.accept(project) ?? { error: '' }), 'split', ['By tags']),
    );
    assert.deepEqual(
      pickStep(answers, 'trainTag').choices.map((choice) => choice.label),
      ['fit', 'holdout', 'spare', 'weather'],
    );
    const trainFit = accepted(pick(answers, 'trainTag', ['fit']));
    assert.deepEqual(
      pickStep(trainFit, 'valTag').choices.map((choice) => choice.label),
      ['holdout', 'spare', 'weather'],
    );
    assert.deepEqual(accepted(pick(trainFit, 'valTag', ['holdout'])).split, {
      method: 'tags',
      train_tag: 'fit',
      val_tag: 'holdout',
      untagged_action: 'ignore',
    });
    // Every image has `weather`: the fit images land on both sides, which the trainer warns about but allows.
    assert.equal(accepted(pick(trainFit, 'valTag', ['weather'])).split?.method, 'tags');
  });

  it('refuses a split that leaves a side empty, in the split’s own words', () => {
    const tiny = path.join(workspace.root, 'data', 'tiny');
    fs.mkdirSync(path.join(tiny, 'square'), { recursive: true });
    const [image = ''] = fs.readdirSync(path.join(workspace.shapes, 'square'));
    fs.copyFileSync(path.join(workspace.shapes, 'square', image), path.join(tiny, 'square', image));
    let answers = accepted(pickStep({}, 'project').browse?.accept(tiny) ?? { error: '' });
    answers = accepted(pick(answers, 'split', ['Random']));
    answers = accepted(typed(answers, 'percent', '80'));
    assert.match(refused(typed(answers, 'seed', '42')), /^val is empty/);
  });

  it('checks a hyperparameters file with the editor’s checks, and copies a good one', () => {
    const answers = withProject(workspace.shapes);
    assert.match(
      refused(pick(answers, 'hyperparameters', ['hyperparameters_bad.yaml'])),
      /^hyperparameters_bad\.yaml:2:\d+: .*batch_size|^hyperparameters_bad\.yaml:2:\d+: /,
    );
    assert.deepEqual(accepted(pick(answers, 'hyperparameters', ['hyperparameters.yaml'])).hyperparameters, {
      file: path.join(workspace.root, 'hyperparameters.yaml'),
      text: 'epochs: 2\nbatch_size: 4\n',
    });
    assert.deepEqual(accepted(pick(answers, 'hyperparameters', ['Framework defaults'])).hyperparameters, {
      text: '',
    });
  });

  it('suggests an experiment name, refuses one that cannot name a folder, and allows none', () => {
    const answers = accepted(pick(withProject(workspace.shapes), 'model', ['Classifier-M']));
    const name = inputStep(answers, 'name');
    assert.equal(name.value, 'shapes-Classifier-M');
    assert.match(name.validate('a/b') ?? '', /without/);
    assert.equal(accepted(name.accept('  ')).experimentName, '');
    const custom = accepted(pick(answers, 'model', [`${EXPERIMENT_NAME}: last.json`]));
    assert.equal(defaultExperimentName(custom), `shapes-${EXPERIMENT_NAME}-last`);
  });

  it('forgets the classes and split of a project when another project is picked', () => {
    let answers = accepted(pick(withProject(workspace.supervisely), 'classes', ['dot']));
    answers = accepted(pick(answers, 'split', ['By datasets']));
    answers = accepted(pick(answers, 'valDatasets', ['train_b']));
    const again = accepted(pick(answers, 'project', ['supervisely']));
    assert.deepEqual(again.classes, ['dot'], 'the same project keeps its answers');
    const other = accepted(pick(answers, 'project', ['shapes']));
    assert.equal(other.classes, undefined);
    assert.equal(other.split, undefined);
    assert.equal(other.splitMethod, undefined);
  });

  it('numbers the steps by the split method chosen', () => {
    const answers = withProject(workspace.supervisely);
    const ids = (current: NewRunAnswers) => newRunSteps(current, env).map((slot) => slot.id);
    const common = ['project', 'model', 'classes', 'split'];
    const last = ['hyperparameters', 'name', 'action'];
    assert.deepEqual(ids(answers), [...common, 'percent', 'seed', ...last]);
    assert.deepEqual(ids(accepted(pick(answers, 'split', ['By datasets']))), [
      ...common,
      'valDatasets',
      ...last,
    ]);
  });

  it('ends in an app_state with paths relative to its file, that the editor finds no error in', () => {
    let answers = withProject(workspace.supervisely);
    answers = accepted(pick(answers, 'model', [`${EXPERIMENT_NAME}: best.json`]));
    answers = accepted(pick(answers, 'classes', ['square', 'donut']));
    answers = accepted(pick(answers, 'split', ['Random']));
    answers = accepted(typed(answers, 'percent', '70'));
    answers = accepted(typed(answers, 'seed', '3'));
    answers = accepted(pick(answers, 'hyperparameters', ['hyperparameters.yaml']));
    answers = accepted(typed(answers, 'name', 'boxes'));
    answers = accepted(pick(answers, 'action', ['Only write the file']));
    assert.equal(newRunSteps(answers, env).at(-1)?.id, 'action');
    const choices = finishedChoices(answers);
    assert.equal(choices.start, false);
    const appState = newRunAppState(choices, workspace.root);
    assert.deepEqual(appState.input, { project: 'data/objects/supervisely' });
    assert.deepEqual(appState.model, {
      source: 'Custom models',
      experiment: 'experiments/shapes/1_tfjs',
      checkpoint: 'best.json',
    });
    assert.deepEqual(appState.classes, ['square', 'donut']);
    assert.equal(appState.hyperparameters, 'epochs: 2\nbatch_size: 4\n');
    assert.equal(appState.experiment_name, 'boxes');
    const text = `${JSON.stringify(appState, null, 2)}\n`;
    assert.deepEqual(AppState.parse(JSON.parse(text)), appState);
    const file = path.join(workspace.root, 'boxes.app_state.json');
    const errors = checkConfigText(file, text, { builtinFrameworkDir: FRAMEWORK_DIR }).findings.filter(
      (finding) => finding.severity === 'error',
    );
    assert.deepEqual(errors, []);
  });

  it('writes every class as an empty list, and the pretrained model by name', () => {
    let answers = withProject(workspace.shapes);
    answers = accepted(pick(answers, 'model', ['Classifier-S']));
    answers = accepted(pick(answers, 'classes', ['square', 'disc', 'triangle', 'ring']));
    answers = accepted(pick(answers, 'split', ['Random']));
    answers = accepted(typed(answers, 'percent', '80'));
    answers = accepted(typed(answers, 'seed', '42'));
    answers = accepted(pick(answers, 'hyperparameters', ['Framework defaults']));
    answers = accepted(typed(answers, 'name', ''));
    answers = accepted(pick(answers, 'action', ['Start now']));
    const appState = newRunAppState(finishedChoices(answers), path.join(workspace.root, 'data'));
    assert.deepEqual(appState.classes, []);
    assert.deepEqual(appState.input, { project: 'shapes' });
    assert.deepEqual(appState.model, { source: 'Pretrained models', model_name: 'Classifier-S' });
    assert.equal(appState.experiment_name, undefined);
    assert.equal(appState.hyperparameters, '');
  });

  it('names the file app_state.json, or <name>.app_state.json beside an existing one, and says when that exists', () => {
    const dir = fs.mkdtempSync(path.join(workspace.root, 'target-'));
    const exists = (file: string) => fs.existsSync(file);
    assert.deepEqual(newRunFile(dir, 'my run', exists), {
      file: path.join(dir, 'app_state.json'),
      exists: false,
    });
    fs.writeFileSync(path.join(dir, 'app_state.json'), '{}');
    assert.deepEqual(newRunFile(dir, 'my run', exists), {
      file: path.join(dir, 'my-run.app_state.json'),
      exists: false,
    });
    fs.writeFileSync(path.join(dir, 'my-run.app_state.json'), '{}');
    assert.deepEqual(newRunFile(dir, 'my run', exists), {
      file: path.join(dir, 'my-run.app_state.json'),
      exists: true,
    });
  });

  it('throws when a step was skipped: the driver must not build an app_state from half the answers', () => {
    assert.throws(() => finishedChoices(withProject(workspace.shapes)), /model step was skipped/);
  });
});

/** Gives each image of a Supervisely project the tag `tagOf(image name)`, declared in meta.json. */
function tagImages(project: string, tagOf: (name: string) => string): void {
  const metaFile = path.join(project, 'meta.json');
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { tags: object[] };
  for (const name of ['fit', 'holdout', 'spare']) {
    meta.tags.push({
      name,
      value_type: 'none',
      color: '#888888',
      applicable_type: 'imagesOnly',
      classes: [],
    });
  }
  fs.writeFileSync(metaFile, JSON.stringify(meta));
  for (const annFile of fs.readdirSync(project, { recursive: true, encoding: 'utf8' })) {
    if (!annFile.endsWith('.png.json')) continue;
    const file = path.join(project, annFile);
    const ann = JSON.parse(fs.readFileSync(file, 'utf8')) as { tags: object[] };
    ann.tags.push({ name: tagOf(path.basename(annFile)) });
    fs.writeFileSync(file, JSON.stringify(ann));
  }
}
