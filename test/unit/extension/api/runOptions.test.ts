import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkRunOptions } from '../../../../src/extension/workbench/api/runOptions';
import { appStateFromRequest } from '../../../../src/extension/workbench/runs/appStateFromRequest';
import { UserError } from '../../../../src/extension/workbench/userError';

function problemOf(options: unknown): UserError {
  try {
    checkRunOptions(options);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  return assert.fail('accepted');
}

describe('checkRunOptions', () => {
  it('accepts every option of RunOptions, and returns them as given', () => {
    const options = {
      project: 'data/shapes',
      model: { experiment: 'experiments/shapes/1_tfjs', checkpoint: 'best.json' },
      classes: ['circle'],
      trainValSplit: { method: 'random', percent: 75 },
      hyperparameters: { epochs: 3 },
      experimentName: 'shapes',
      framework: 'frameworks/mine',
      convertClassShapes: true,
      enableBenchmark: true,
      enableSpeedtest: false,
      cacheProject: false,
      exportOnnx: false,
      exportTensorrt: false,
      autostart: false,
    };
    assert.equal(checkRunOptions(options), options);
    assert.doesNotThrow(() =>
      checkRunOptions({ project: 'p', model: 'Classifier-S', hyperparameters: 'epochs: 3' }),
    );
  });

  it("names a misspelt option and the one meant, TrainApi's snake_case names included", () => {
    const problem = problemOf({ project: 'p', model: 'Classifier-S', enable_benchmark: false });
    assert.equal(problem.message, '`enable_benchmark` is not a run option: did you mean `enableBenchmark`?');
    assert.match(problem.hint, /^The options are `project`, `model`, .*`autostart`\.$/);
    assert.equal(
      problemOf({ project: 'p', model: 'Classifier-S', colour: 1 }).message,
      '`colour` is not a run option.',
    );
  });

  it('names the option of the wrong type', () => {
    assert.equal(
      problemOf({ project: 'p', model: 'Classifier-S', exportOnnx: 'yes' }).message,
      'The run option `exportOnnx` is not valid: Invalid input: expected boolean, received string.',
    );
    assert.match(
      problemOf({ project: 'p', model: 42 }).message,
      /^The run option `model` is not valid: expected a model name, or `\{ experiment, checkpoint \}`/,
    );
    assert.match(
      problemOf({ project: 'p', model: 'm', classes: ['a', 3] }).message,
      /^The run option `classes` \(1\) is not valid: /,
    );
  });

  it('names a missing option', () => {
    assert.equal(problemOf({ model: 'Classifier-S' }).message, 'The run option `project` is missing.');
    assert.equal(problemOf({ project: 'data/shapes' }).message, 'The run option `model` is missing.');
  });

  it('refuses options that are not an object', () => {
    for (const options of [undefined, null, 'data/shapes', ['data/shapes']]) {
      assert.equal(problemOf(options).message, 'The run options must be an object.');
    }
  });

  it('leaves the meaning of the values to app_state.json, whose error names the option too', () => {
    const options = checkRunOptions({ project: 'p', model: 'm', trainValSplit: { method: 'halves' } });
    assert.throws(
      () => appStateFromRequest(options, path.resolve('workspace')),
      (error: unknown) =>
        error instanceof UserError && error.message.startsWith('The run option `trainValSplit.method`'),
    );
  });
});
