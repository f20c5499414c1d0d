import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { guardedCheckpoint } from '../../../../src/extension/workbench/panel/experimentCheckpoint';
import { PathGuard } from '../../../../src/extension/workbench/panel/pathGuard';
import { UserError } from '../../../../src/extension/workbench/userError';
import { readExperimentInfo, writeExperimentInfo } from '../../../../src/trainapp/experiments';
import { makeWorkspace } from '../commands/testWorkspace';
import type { TestWorkspace } from '../commands/testWorkspace';

// A real experiment folder as the trainer leaves it: the one check behind a "Custom models" edit and a fine-tune.

describe('a checkpoint a page names', () => {
  let workspace: TestWorkspace;
  let guard: PathGuard;

  before(() => {
    workspace = makeWorkspace('panel-checkpoint');
    guard = new PathGuard(() => ({
      workspaceFolders: [workspace.root],
      experimentsDirs: [workspace.experimentsDir],
    }));
  });
  after(() => {
    fs.rmSync(workspace.root, { recursive: true, force: true });
  });

  const refusal = (dir: string, checkpoint: string, pattern: RegExp) => {
    assert.throws(
      () => guardedCheckpoint(guard, dir, checkpoint),
      (error: unknown) => error instanceof UserError && pattern.test(error.message),
    );
  };

  it('is one of the experiment’s checkpoints, by file name or stem', () => {
    const chosen = guardedCheckpoint(guard, workspace.experiment, 'best');
    assert.equal(chosen.experimentDir, workspace.experiment);
    assert.equal(chosen.checkpoint.name, 'best.json');
    assert.equal(
      guardedCheckpoint(guard, workspace.experiment, 'epoch_2.json').checkpoint.name,
      'epoch_2.json',
    );
  });

  it('refuses a path as the checkpoint', () => {
    refusal(
      workspace.experiment,
      '../../../../etc/passwd',
      /has no checkpoint \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd/,
    );
    refusal(workspace.experiment, '/etc/passwd', /has no checkpoint/);
  });

  it('refuses a folder that is not an experiment of the experiments folders', () => {
    refusal(path.join(workspace.root, 'data'), 'best.json', /not in an experiments folder/);
    refusal('/etc', 'passwd', /outside the workspace folders/);
  });

  it('refuses a checkpoint the experiment’s info lists outside the roots', () => {
    const info = readExperimentInfo(workspace.experiment);
    writeExperimentInfo(workspace.experiment, {
      ...info,
      checkpoints: [...info.checkpoints, '../../../../../../etc/hosts'],
    });
    try {
      refusal(workspace.experiment, 'hosts', /Refused to use the checkpoint \/etc\/hosts/);
    } finally {
      writeExperimentInfo(workspace.experiment, info);
    }
  });
});
