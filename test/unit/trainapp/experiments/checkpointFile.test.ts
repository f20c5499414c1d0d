import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  chosenCheckpoint,
  defaultCheckpoint,
  experimentCheckpoint,
} from '../../../../src/trainapp/experiments/checkpointFile';
import { RunError } from '../../../../src/trainapp/runError';
import { handMadeExperiment } from '../export/support';
import type { HandMadeExperiment } from '../export/support';

// Which checkpoint export, benchmark, evaluate and predict use: a file of checkpoints/, the best one
// unless named, and never a file outside the experiment.

let experiment: HandMadeExperiment | undefined;
afterEach(() => {
  experiment?.remove();
  experiment = undefined;
});

describe("an experiment's checkpoint", () => {
  it('is the best one unless one is named, and is named after it', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3, 'epoch_1.json': 1 });
    const info = experiment.session.read();
    assert.equal(defaultCheckpoint(experiment.dir, info, 'export'), 'last.json');
    assert.equal(chosenCheckpoint(experiment.dir, info, undefined, 'time').name, 'last.json');
    const named = {
      name: 'epoch_1.json',
      file: path.join(experiment.dir, 'checkpoints', 'epoch_1.json'),
      stem: 'epoch_1',
    };
    assert.deepEqual(experimentCheckpoint(experiment.dir, info, 'epoch_1.json', 'export'), named);
    assert.deepEqual(chosenCheckpoint(experiment.dir, info, 'epoch_1.json', 'evaluate'), named);
  });

  it('must be named when the run did not finish, and the message lists what there is', () => {
    experiment = handMadeExperiment(
      'fake-export',
      { 'last.json': 3 },
      { best_checkpoint: null, checkpoints: [] },
    );
    const { dir, session } = experiment;
    assert.throws(() => defaultCheckpoint(dir, session.read(), 'time'), {
      message: `${dir} has no best checkpoint (its run did not finish).`,
      problem: {
        message: `${dir} has no best checkpoint (its run did not finish).`,
        hint: 'Name the checkpoint to time with --checkpoint: it has last.json.',
      },
    });
    fs.rmSync(path.join(dir, 'checkpoints', 'last.json'));
    assert.throws(() => defaultCheckpoint(dir, session.read(), 'export'), /has no checkpoints to export\./);
    assert.throws(
      () => chosenCheckpoint(dir, session.read(), 'last.json', 'predict with'),
      /has no checkpoints to predict with\./,
    );
  });

  it('is not a checkpoint experiment_info lists whose file is gone', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3, 'epoch_1.json': 1 });
    const { dir, session } = experiment;
    fs.rmSync(path.join(dir, 'checkpoints', 'epoch_1.json'));
    assert.throws(
      () => experimentCheckpoint(dir, session.read(), 'epoch_1.json', 'export'),
      (error: unknown) =>
        error instanceof RunError &&
        error.message === `There is no checkpoint epoch_1.json in ${path.join(dir, 'checkpoints')}.` &&
        error.problem.hint === 'It has last.json: name one of them.',
    );
  });

  it('is never a path: another run’s checkpoint, a parent folder or a file beside checkpoints/', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3 });
    const { dir, session } = experiment;
    // Another experiment beside this one, with a checkpoint of the same name: reachable by a crafted path.
    const other = path.join(path.dirname(dir), '2_other', 'checkpoints');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'last.json'), '{}');
    for (const name of [
      '../../2_other/checkpoints/last.json',
      '../model_meta.json',
      '..',
      '.',
      '',
      'a\\b.json',
    ]) {
      assert.throws(
        () => chosenCheckpoint(dir, session.read(), name, 'time'),
        (error: unknown) =>
          error instanceof RunError &&
          error.message ===
            `'${name}' is not the file name of a checkpoint: only the files of ${path.join(dir, 'checkpoints')} can be used.` &&
          error.problem.hint === 'Name a file of the checkpoints/ folder, such as best.json or last.json.',
        name,
      );
    }
    assert.throws(
      () => experimentCheckpoint(dir, session.read(), path.join(other, 'last.json'), 'evaluate'),
      /is not the file name of a checkpoint/,
    );
  });
});
