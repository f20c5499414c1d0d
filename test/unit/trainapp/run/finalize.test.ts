import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { FINALIZE_STEPS } from '../../../../src/core/names';
import type { FinalizeStep } from '../../../../src/core/names';
import { AppState, RunOptions } from '../../../../src/core/schemas';
import type { Framework } from '../../../../src/trainapp/frameworks/contract';
import { finalizeExperiment } from '../../../../src/trainapp/run/finalize';
import { handMadeExperiment } from '../export/support';
import type { HandMadeExperiment } from '../export/support';

// A finalise step that fails with a defect of Train Studio: the run keeps one clear problem, and the
// defect's stack trace, which the problem's hint points at, is in logs/train.log.

let experiment: HandMadeExperiment | undefined;
afterEach(() => {
  experiment?.remove();
  experiment = undefined;
});

/** Every finalise step done but `left`, as an interrupted finalise leaves them. */
function doneBut(left: FinalizeStep) {
  const time = new Date(0).toISOString();
  return Object.fromEntries(
    Object.values(FINALIZE_STEPS)
      .filter((step) => step !== left)
      .map((step) => [step, { status: 'done' as const, time }]),
  );
}

describe('a finalise step that fails with an internal error', () => {
  it('records the step as failed, finishes the run, and leaves the stack in logs/train.log', async () => {
    const made = handMadeExperiment(
      'breaks-on-export',
      { 'best.json': 1 },
      { status: 'running', finalize_steps: doneBut(FINALIZE_STEPS.export) },
    );
    experiment = made;
    // A defect in the code behind the export (not a problem of the user's): a plain TypeError.
    const defect = new TypeError("Cannot read properties of undefined (reading 'weights')");
    const framework: Framework = {
      name: 'breaks-on-export',
      targetFormat: 'none',
      start: () => Promise.resolve({}),
      exportModel: () => Promise.reject(defect),
    };
    const info = await finalizeExperiment(
      made.session,
      {
        status: 'completed',
        epochs: 1,
        result: {
          model_name: 'M',
          checkpoints: ['checkpoints/best.json'],
          best_checkpoint: 'best.json',
          model_files: {},
        },
      },
      {
        metadata: {
          appState: AppState.parse({
            input: { project: 'data' },
            classes: ['square'],
            model: { source: 'Pretrained models', model_name: 'Classifier-S' },
            train_val_split: { method: 'random', percent: 80, seed: 1 },
          }),
          hyperparametersText: '',
          hyperparameters: {},
          split: { train: [], val: [] },
          modelMeta: { classes: [], tags: [] },
        },
        valItems: [],
        plugin: framework,
        options: RunOptions.parse({ export: { ONNXRuntime: true } }),
        searchDirectories: [],
      },
    );
    assert.equal(info.status, 'completed', 'an extra step failing does not fail the run');
    const step = info.finalize_steps.export;
    assert.equal(step?.status, 'failed');
    assert.equal(step.message, `Internal error: ${defect.message}`);
    const log = fs.readFileSync(path.join(made.dir, 'logs/train.log'), 'utf8');
    assert.ok(defect.stack && log.includes(defect.stack), `the stack is not in train.log:\n${log}`);
    assert.match(log, /^\s+at .+finalize\.test\.js:\d+:\d+/m);
  });
});
