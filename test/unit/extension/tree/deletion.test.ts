import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  deletionTargets,
  planDeletion,
  removeExperiments,
} from '../../../../src/extension/workbench/tree/deletion';
import { buildTree, childrenOf } from '../../../../src/extension/workbench/tree/nodes';
import type { DeletionContext } from '../../../../src/extension/workbench/tree/deletion';
import { lockOwnerOf } from '../../../../src/trainapp/experiments/lockOwner';
import { UserError } from '../../../../src/extension/workbench/userError';
import { deadPid, infoOf, temporaryFolder, writeRun } from './experimentFolders';

const root = temporaryFolder('tree-delete');
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const experimentsDir = path.join(root, 'workspace', 'experiments');
/** What the command uses: a live lock means a trainer works there. */
const context: DeletionContext = {
  experimentsDirs: [experimentsDir],
  isLive: (dir) => lockOwnerOf(dir)?.alive === true,
};

const removeForGood = (dir: string) => fs.promises.rm(dir, { recursive: true });

describe('deleting experiments', () => {
  it('asks naming each folder and what goes with it, then removes only those folders', async () => {
    const first = writeRun(experimentsDir, 'cats', '1_tfjs', {
      info: infoOf({ export: { ONNXRuntime: 'export/model.onnx' } }),
      lockPid: deadPid(),
      files: { 'checkpoints/best.json': '{}', 'checkpoints/last.json': '{}', 'checkpoints/best.1.bin': '' },
    });
    const second = writeRun(experimentsDir, 'cats', '2_tfjs', { info: '{broken' });
    const kept = writeRun(experimentsDir, 'cats', '3_tfjs', { info: infoOf() });

    const plan = planDeletion([first, second, first], context);
    assert.deepEqual(plan.dirs, [first, second]);
    assert.equal(plan.message, 'Delete 2 experiments?');
    assert.match(plan.detail, /^cats\/1_tfjs \(2 checkpoints, 1 export\)\ncats\/2_tfjs \(0 checkpoints\)\n/);
    assert.match(plan.detail, /checkpoints, exports, logs and evaluation go with them/);
    assert.equal(planDeletion([kept], context).message, 'Delete the experiment cats/3_tfjs?');

    const removed = await removeExperiments(plan.dirs, {
      trash: () => Promise.reject(new Error('no trash on this file system')),
      remove: removeForGood,
    });
    assert.deepEqual(removed, [
      { dir: first, trashed: false },
      { dir: second, trashed: false },
    ]);
    assert.equal(fs.existsSync(first), false);
    assert.equal(fs.existsSync(second), false);
    assert.equal(fs.existsSync(kept), true);
  });

  it('moves to the trash when it can, deleting nothing for good', async () => {
    const dir = writeRun(experimentsDir, 'dogs', '4_tfjs', { info: infoOf() });
    const trash = path.join(root, 'trash');
    fs.mkdirSync(trash, { recursive: true });
    const removed = await removeExperiments([dir], {
      trash: (folder) => fs.promises.rename(folder, path.join(trash, path.basename(folder))),
      remove: () => Promise.reject(new Error('must not delete for good')),
    });
    assert.deepEqual(removed, [{ dir, trashed: true }]);
    assert.ok(fs.existsSync(path.join(trash, '4_tfjs', 'experiment_info.json')));
  });

  it('refuses a run that is still training, telling the user to stop it first', () => {
    const live = writeRun(experimentsDir, 'cats', '5_tfjs', {
      info: infoOf({ status: 'running' }),
      lockPid: process.pid,
    });
    const idle = writeRun(experimentsDir, 'cats', '6_tfjs', { info: infoOf() });
    assert.throws(
      () => planDeletion([idle, live], context),
      (error: unknown) =>
        error instanceof UserError &&
        error.message === 'cats/5_tfjs is still training.' &&
        error.hint.includes('Stop it first'),
    );
    assert.ok(fs.existsSync(live) && fs.existsSync(idle), 'nothing is deleted');
  });

  it('deletes the runs picked, not the run of a checkpoint or file selected beside them', () => {
    const dir = writeRun(experimentsDir, 'birds', '7_tfjs', {
      info: infoOf(),
      files: { 'checkpoints/best.json': '{}' },
    });
    const other = writeRun(experimentsDir, 'birds', '8_tfjs', {
      info: infoOf(),
      files: { 'checkpoints/last.json': '{}', 'logs/train.log': '' },
    });
    const tree = buildTree([{ name: 'ws', experimentsDir }]);
    const run = tree.runs.get(dir);
    const otherRun = tree.runs.get(other);
    assert.ok(run && otherRun);
    const [checkpoints, logs] = childrenOf(otherRun).map((group) => childrenOf(group)[0]);
    assert.ok(checkpoints?.kind === 'checkpoint' && logs?.kind === 'file');
    assert.deepEqual(deletionTargets(run, [run, checkpoints, logs]), [dir]);
    assert.deepEqual(deletionTargets(run, undefined), [dir], 'the clicked run alone');
    assert.deepEqual(
      deletionTargets({ experimentDir: other }, []),
      [other],
      'a bare target, as the API or a test gives',
    );
  });

  it('refuses anything but a run folder of the experiments folders', () => {
    for (const target of [
      root,
      experimentsDir,
      path.join(experimentsDir, 'cats'),
      path.join(root, 'a', 'b', 'c'),
    ]) {
      assert.throws(
        () => planDeletion([target], context),
        (error: unknown) => error instanceof UserError && error.message.includes('not an experiment folder'),
        target,
      );
    }
    assert.throws(() => planDeletion([], context), UserError);
  });

  it('says when the folders are already gone', () => {
    assert.throws(
      () => planDeletion([path.join(experimentsDir, 'cats', '99_tfjs')], context),
      (error: unknown) => error instanceof UserError && error.message.includes('no longer exists'),
    );
  });
});
