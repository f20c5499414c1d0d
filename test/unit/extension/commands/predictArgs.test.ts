import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { predictArgs } from '../../../../src/extension/workbench/commands/cliArgs';
import { runCliInProcess } from '../../../cliInProcess';

// The command line Predict on Images runs, and that the real CLI takes it as it is meant.

describe('CLI arguments of Predict on Images', () => {
  it('names the experiment, then the images, then the options', () => {
    assert.deepEqual(predictArgs('/e', ['/i/a.png', '/i/folder']), [
      'predict',
      '/e',
      '/i/a.png',
      '/i/folder',
    ]);
    assert.deepEqual(predictArgs('/e', ['/i/a.png'], { checkpoint: 'last.json', draw: true }), [
      'predict',
      '/e',
      '/i/a.png',
      '--checkpoint',
      'last.json',
      '--draw',
    ]);
  });

  it('parses in the CLI: the experiment folder is what it looks for first', async () => {
    const missing = path.join(os.tmpdir(), 'ts-no-such-experiment');
    const run = await runCliInProcess(
      predictArgs(missing, ['/i/a.png'], { checkpoint: 'last.json', draw: true }),
    );
    assert.equal(run.code, 1, run.err);
    assert.match(run.err, /^train-studio predict: There is no experiment folder .*ts-no-such-experiment\.$/m);
  });
});
