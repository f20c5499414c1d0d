import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppState } from '../../../../src/core/schemas';
import {
  appStateFromRequest,
  writeRequestAppState,
} from '../../../../src/extension/workbench/runs/appStateFromRequest';
import type { RunRequest } from '../../../../src/extension/workbench/runs/appStateFromRequest';
import { UserError } from '../../../../src/extension/workbench/userError';

// The API's RunOptions and a task's inline fields become an ordinary app_state.json, with absolute paths so
// that the file works from the extension's storage, and with errors in the names the caller wrote.

let base: string;
before(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-request-'));
  fs.writeFileSync(path.join(base, 'hyp.yaml'), 'epochs: 4\n');
});
after(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

function messageOf(request: RunRequest): string {
  try {
    appStateFromRequest(request, base);
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(request)} to be refused`);
}

describe('an app_state from a run request', () => {
  it('fills the defaults the API documents: random 80 % split with seed 42, the built-in framework, every class', () => {
    const appState = appStateFromRequest({ project: 'data/shapes', model: 'Classifier-S' }, base);
    assert.equal(appState.framework, 'tfjs');
    assert.deepEqual(appState.input, { project: path.join(base, 'data', 'shapes') });
    assert.deepEqual(appState.train_val_split, {
      method: 'random',
      split: 'train',
      percent: 80,
      seed: 42,
      stratify: false,
    });
    assert.deepEqual(appState.classes, []);
    assert.deepEqual(appState.model, { source: 'Pretrained models', model_name: 'Classifier-S' });
    assert.equal(appState.hyperparameters, '');
    assert.equal(appState.options.model_benchmark.enable, true);
  });

  it('maps every option onto its app_state field', () => {
    const appState = appStateFromRequest(
      {
        project: '/abs/data',
        model: { experiment: 'experiments/shapes/1_tfjs', checkpoint: 'best.json' },
        classes: ['circle'],
        trainValSplit: { method: 'random', percent: 70, seed: 1, split: 'train', stratify: true },
        experimentName: 'mine',
        framework: 'frameworks/custom',
        convertClassShapes: false,
        enableBenchmark: false,
        enableSpeedtest: true,
        cacheProject: false,
        exportOnnx: true,
        exportTensorrt: true,
      },
      base,
    );
    assert.equal(appState.input.project, '/abs/data', 'an absolute path stays as it is');
    assert.deepEqual(appState.model, {
      source: 'Custom models',
      experiment: path.join(base, 'experiments', 'shapes', '1_tfjs'),
      checkpoint: 'best.json',
    });
    assert.equal(appState.framework, path.join(base, 'frameworks', 'custom'));
    assert.equal(appState.experiment_name, 'mine');
    assert.deepEqual(appState.classes, ['circle']);
    assert.deepEqual(appState.options.model_benchmark, { enable: false, speed_test: true });
    assert.equal(appState.options.cache_project, false);
    assert.equal(appState.options.convert_class_shapes, false);
    assert.deepEqual(appState.options.export, { ONNXRuntime: true, TensorRT: true });
  });

  it('keeps the built-in framework by its name, not as a folder of the workspace', () => {
    assert.equal(
      appStateFromRequest({ project: 'd', model: 'M', framework: 'tfjs' }, base).framework,
      'tfjs',
    );
  });

  it("makes a collections split's list files absolute, like every other path", () => {
    const { train_val_split: split } = appStateFromRequest(
      {
        project: 'd',
        model: 'M',
        trainValSplit: {
          method: 'collections',
          train_collections: ['lists/train.txt'],
          val_collections: ['/v.txt'],
        },
      },
      base,
    );
    assert.deepEqual(split, {
      method: 'collections',
      train_collections: [path.join(base, 'lists', 'train.txt')],
      val_collections: ['/v.txt'],
    });
  });

  it('takes hyperparameters as YAML text, a .yaml path (spaces around it ignored), or values', () => {
    const of = (hyperparameters: RunRequest['hyperparameters']) =>
      appStateFromRequest({ project: 'd', model: 'M', hyperparameters }, base).hyperparameters;
    assert.equal(of('epochs: 3\nbatch_size: 2\n'), 'epochs: 3\nbatch_size: 2\n');
    assert.equal(of('hyp.yaml'), 'epochs: 4\n');
    assert.equal(of(' hyp.yaml\n'.trimEnd() + ' '), 'epochs: 4\n');
    assert.equal(of({ epochs: 5, optimizer: { lr: 0.1 } }), 'epochs: 5\noptimizer:\n  lr: 0.1\n');
  });

  it('names an unreadable hyperparameters file', () => {
    assert.throws(
      () => appStateFromRequest({ project: 'd', model: 'M', hyperparameters: 'nope.yml' }, base),
      (error: unknown) =>
        error instanceof UserError &&
        error.message === `The hyperparameters file ${path.join(base, 'nope.yml')} cannot be read.`,
    );
  });

  it('names a bad value by the option the caller wrote, with its place inside it', () => {
    assert.equal(
      messageOf({ project: '', model: 'M' }),
      'The run option `project` is not valid: Too small: expected string to have >=1 characters.',
    );
    assert.match(messageOf({ project: 'd', model: '' }), /^The run option `model\.model_name` is not valid/);
    assert.match(
      messageOf({ project: 'd', model: 'M', classes: ['a', ''] }),
      /^The run option `classes\[1\]` is not valid/,
    );
    assert.match(
      messageOf({
        project: 'd',
        model: 'M',
        trainValSplit: { method: 'random', percent: 120, seed: 1, split: 'train', stratify: false },
      }),
      /^The run option `trainValSplit\.percent` is not valid: Too big/,
    );
    assert.match(
      messageOf({ project: 'd', model: 'M', experimentName: 'a/b' }),
      /^The run option `experimentName` is not valid/,
    );
  });

  it('names options set by a JavaScript caller with the wrong type, and never crashes on them', () => {
    const untyped = (fields: Record<string, unknown>) =>
      ({ project: 'd', model: 'M', ...fields }) as unknown as RunRequest;
    assert.match(
      messageOf(untyped({ enableBenchmark: 'yes' })),
      /^The run option `enableBenchmark` is not valid/,
    );
    assert.match(messageOf(untyped({ exportOnnx: 1 })), /^The run option `exportOnnx` is not valid/);
    assert.match(messageOf(untyped({ project: 7 })), /^The run option `project` is not valid/);
    assert.match(
      messageOf(untyped({ model: { experiment: 'e' } })),
      /^The run option `model\.checkpoint` is not valid/,
    );
  });

  it('writes the file atomically, valid as an app_state', () => {
    const file = path.join(base, 'storage', 'tasks', 'x.app_state.json');
    assert.equal(writeRequestAppState({ project: 'd', model: 'M' }, base, file), file);
    const written = AppState.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    assert.equal(written.input.project, path.join(base, 'd'));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['x.app_state.json'], 'no temporary file left');
  });
});
