import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrainStudioTaskDefinition } from '../../../../src/extension/workbench/runs/types';
import {
  classifyTaskDefinition,
  definitionHash,
  taskNameOf,
} from '../../../../src/extension/workbench/tasks/definition';
import {
  TaskDefinitionError,
  taskLaunch,
  taskPathOf,
} from '../../../../src/extension/workbench/tasks/taskLaunch';
import { UserError } from '../../../../src/extension/workbench/userError';

// tasks.json is the user's writing: each entry must be exactly one kind of run, with fields of the right
// types, and what it runs is the CLI command a person would type.

const task = (fields: Record<string, unknown>) =>
  ({ type: 'trainstudio', ...fields }) as TrainStudioTaskDefinition;

function problemOf(fields: Record<string, unknown>): string {
  const classified = classifyTaskDefinition(task(fields));
  assert.ok(!classified.ok, `expected a problem for ${JSON.stringify(fields)}`);
  return classified.problem;
}

describe('trainstudio task definitions', () => {
  it('takes an app_state, a folder to resume, or an inline run', () => {
    assert.deepEqual(classifyTaskDefinition(task({ appState: 'app_state.json' })), {
      ok: true,
      plan: { kind: 'appState', appState: 'app_state.json' },
    });
    assert.deepEqual(classifyTaskDefinition(task({ resume: 'experiments/shapes/1_tfjs' })), {
      ok: true,
      plan: { kind: 'resume', experimentDir: 'experiments/shapes/1_tfjs' },
    });
    assert.deepEqual(
      classifyTaskDefinition(
        task({
          project: 'data/shapes',
          model: 'Classifier-S',
          classes: ['circle'],
          hyperparameters: { epochs: 2 },
        }),
      ),
      {
        ok: true,
        plan: {
          kind: 'inline',
          request: {
            project: 'data/shapes',
            model: 'Classifier-S',
            classes: ['circle'],
            hyperparameters: { epochs: 2 },
          },
        },
      },
    );
  });

  it('refuses a definition that says nothing to run, naming the three kinds', () => {
    assert.match(problemOf({}), /says nothing to run\. Give `appState` .*`resume` .*`project` and `model`/);
  });

  it('refuses two kinds at once, naming both', () => {
    assert.match(
      problemOf({ appState: 'a.json', project: 'data', model: 'M' }),
      /gives `appState` and `project`, `model`: it must be one kind of run/,
    );
    assert.match(problemOf({ appState: 'a.json', resume: 'x' }), /gives `appState` and `resume`/);
  });

  it('refuses an inline run without its project or model', () => {
    assert.match(problemOf({ project: 'data' }), /inline trainstudio task has no `model`/);
    assert.match(problemOf({ model: 'M', classes: ['a'] }), /has no `project`/);
  });

  it('names a field of the wrong type', () => {
    assert.match(problemOf({ appState: 3 }), /`appState` must be a non-empty string/);
    assert.match(problemOf({ resume: '  ' }), /`resume` must be a non-empty string/);
    assert.match(
      problemOf({ project: 'd', model: 'M', classes: 'circle' }),
      /`classes` must be a list of class names/,
    );
    assert.match(
      problemOf({ project: 'd', model: 'M', hyperparameters: [1] }),
      /`hyperparameters` must be YAML text/,
    );
  });

  it('names tasks by what they run', () => {
    assert.equal(taskNameOf(task({ appState: 'configs/a.app_state.json' })), 'configs/a.app_state.json');
    assert.equal(
      taskNameOf(task({ resume: 'experiments/shapes/1_tfjs' })),
      'resume experiments/shapes/1_tfjs',
    );
    assert.equal(
      taskNameOf(task({ project: 'data/shapes', model: 'Classifier-S' })),
      'Classifier-S on data/shapes',
    );
  });

  it('hashes a definition whatever the order of its keys', () => {
    const a = definitionHash(task({ project: 'p', model: 'M', hyperparameters: { lr: 1, epochs: 2 } }));
    const b = definitionHash(task({ hyperparameters: { epochs: 2, lr: 1 }, model: 'M', project: 'p' }));
    assert.equal(a, b);
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.notEqual(
      a,
      definitionHash(task({ project: 'p', model: 'M', hyperparameters: { lr: 1, epochs: 3 } })),
    );
  });
});

describe('what a trainstudio task runs', () => {
  let dir: string;
  const place = () => ({
    folder: path.join(dir, 'ws'),
    experimentsDir: path.join(dir, 'ws', 'experiments'),
    storageDir: path.join(dir, 'storage'),
    label: 'the task',
  });
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-task-launch-'));
    fs.mkdirSync(path.join(dir, 'ws', 'data', 'shapes'), { recursive: true });
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('trains an app_state file in the workspace folder, into the experiments folder of the settings', () => {
    assert.deepEqual(taskLaunch(task({ appState: 'configs/a.app_state.json' }), place()), {
      args: ['train', '--app-state', 'configs/a.app_state.json', '--experiments', 'experiments'],
      cwd: path.join(dir, 'ws'),
      label: 'the task',
    });
    const elsewhere = { ...place(), experimentsDir: path.join(dir, 'runs') };
    assert.deepEqual(taskLaunch(task({ appState: path.join(dir, 'a.json') }), elsewhere).args, [
      'train',
      '--app-state',
      path.join(dir, 'a.json'),
      '--experiments',
      path.join(dir, 'runs'),
    ]);
  });

  it('writes a path relative to the workspace folder, with forward slashes, only when it lies inside', () => {
    const folder = path.join(dir, 'ws');
    assert.equal(taskPathOf(folder, 'a/b.json'), 'a/b.json');
    assert.equal(taskPathOf(folder, path.join(folder, 'a', 'b.json')), 'a/b.json');
    assert.equal(taskPathOf(folder, path.join(folder, '..foo', 'x')), '..foo/x');
    assert.equal(taskPathOf(folder, folder), '.');
    for (const outside of [path.join(dir, 'elsewhere'), path.join(dir, 'ws2', 'x')]) {
      assert.equal(taskPathOf(folder, outside), outside);
    }
    assert.equal(taskPathOf(folder, '../ws2/x'), path.join(dir, 'ws2', 'x'));
  });

  it('resumes a folder', () => {
    assert.deepEqual(taskLaunch(task({ resume: 'experiments/shapes/1_tfjs' }), place()).args, [
      'resume',
      'experiments/shapes/1_tfjs',
    ]);
  });

  it("writes an inline run's app_state into the extension's storage, named by the definition, paths absolute", () => {
    const definition = task({
      project: 'data/shapes',
      model: 'Classifier-S',
      hyperparameters: { epochs: 2 },
    });
    const { args } = taskLaunch(definition, place());
    const file = path.join(dir, 'storage', 'tasks', `${definitionHash(definition)}.app_state.json`);
    assert.deepEqual(args, ['train', '--app-state', file, '--experiments', 'experiments']);
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written.input, { project: path.join(dir, 'ws', 'data', 'shapes') });
    assert.deepEqual(written.model, { source: 'Pretrained models', model_name: 'Classifier-S' });
    assert.equal(written.hyperparameters, 'epochs: 2\n');
  });

  it('fails a definition that is not one kind of run, or an inline field the app_state refuses, as a definition error', () => {
    assert.throws(
      () => taskLaunch(task({ appState: 'a.json', project: 'p', model: 'M' }), place()),
      TaskDefinitionError,
    );
    assert.throws(
      () =>
        taskLaunch(task({ project: 'data/shapes', model: 'M', hyperparameters: 'missing.yaml' }), place()),
      (error: unknown) =>
        error instanceof TaskDefinitionError &&
        error instanceof UserError &&
        /The hyperparameters file .*missing\.yaml cannot be read/.test(error.message),
    );
  });
});
