import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { defaultCheckpoint, exportedCheckpoint } from '../../../../src/trainapp/export/checkpointFile';
import { RunError } from '../../../../src/trainapp/runError';
import { handMadeExperiment } from './support';
import type { HandMadeExperiment } from './support';

// Which checkpoint `train-studio export` exports: a file of checkpoints/, the best one unless named.

let experiment: HandMadeExperiment | undefined;
afterEach(() => {
  experiment?.remove();
  experiment = undefined;
});

describe('the checkpoint to export', () => {
  it('is the best one unless one is named, and is named after it', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3, 'epoch_1.json': 1 });
    const info = experiment.session.read();
    assert.equal(defaultCheckpoint(experiment.dir, info), 'last.json');
    assert.deepEqual(exportedCheckpoint(experiment.dir, info, 'epoch_1.json'), {
      name: 'epoch_1.json',
      file: path.join(experiment.dir, 'checkpoints', 'epoch_1.json'),
      stem: 'epoch_1',
    });
  });

  it('must be named when the run did not finish, and the message lists what there is', () => {
    experiment = handMadeExperiment(
      'fake-export',
      { 'last.json': 3 },
      { best_checkpoint: null, checkpoints: [] },
    );
    const { dir, session } = experiment;
    assert.throws(() => defaultCheckpoint(dir, session.read()), {
      message: `${dir} has no best checkpoint (its run did not finish).`,
      problem: {
        message: `${dir} has no best checkpoint (its run did not finish).`,
        hint: 'Name the checkpoint to export with --checkpoint: it has last.json.',
      },
    });
    fs.rmSync(path.join(dir, 'checkpoints', 'last.json'));
    assert.throws(() => defaultCheckpoint(dir, session.read()), /has no checkpoints to export/);
  });

  it('is not a checkpoint experiment_info lists whose file is gone', () => {
    experiment = handMadeExperiment('fake-export', { 'last.json': 3, 'epoch_1.json': 1 });
    const { dir, session } = experiment;
    fs.rmSync(path.join(dir, 'checkpoints', 'epoch_1.json'));
    assert.throws(
      () => exportedCheckpoint(dir, session.read(), 'epoch_1.json'),
      (error: unknown) =>
        error instanceof RunError &&
        error.message.startsWith('There is no checkpoint epoch_1.json in ') &&
        error.problem.hint === 'It has last.json: name one of them.',
    );
  });
});
