import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { folderSnapshot } from '../folderSnapshot';
import type { Workspace } from './workspace';
import { createWorkspace, experimentDirOf } from './workspace';

// A checkpoint is named by its file name in the experiment's own checkpoints/ folder: `evaluate` and
// `predict` (like `benchmark` and `export`, tested with their commands) refuse a path that leads to another
// experiment's checkpoint, in one message, writing nothing into either experiment.

let workspace: Workspace;
let experimentDir: string;
let otherDir: string;

before(async () => {
  workspace = createWorkspace('checkpoint-name');
  const appState = workspace.appState({ options: { cache_project: false } });
  const { code, stdout, stderr } = await workspace.cli(['train', '--app-state', appState]).exited;
  assert.equal(code, 0, stderr);
  experimentDir = experimentDirOf(stdout);
  otherDir = path.join(path.dirname(experimentDir), `${path.basename(experimentDir)}_other`);
  fs.cpSync(experimentDir, otherDir, { recursive: true, preserveTimestamps: true });
});
after(() => {
  workspace.remove();
});

const outside = () => `../../${path.basename(otherDir)}/checkpoints/best.json`;

async function assertRefused(command: string, args: readonly string[]) {
  const before = [folderSnapshot(experimentDir), folderSnapshot(otherDir)];
  const { code, stdout, stderr } = await workspace.cli([command, experimentDir, ...args]).exited;
  assert.equal(code, 1, stderr);
  const lines = stderr.trim().split('\n');
  assert.equal(
    lines[0],
    `train-studio ${command}: '${outside()}' is not the file name of a checkpoint: only the files of ${path.join(experimentDir, 'checkpoints')} can be used.`,
  );
  assert.equal(lines[1]?.trim(), 'Name a file of the checkpoints/ folder, such as best.json or last.json.');
  assert.equal(lines.length, 2, stderr);
  assert.equal(stdout, '');
  assert.deepEqual([folderSnapshot(experimentDir), folderSnapshot(otherDir)], before, 'nothing written');
}

describe("another experiment's checkpoint, named by a path", () => {
  it('is refused by evaluate', async () => {
    await assertRefused('evaluate', ['--checkpoint', outside()]);
  });

  it('is refused by predict', async () => {
    await assertRefused('predict', ['data/shapes/disc', '--checkpoint', outside()]);
  });
});
