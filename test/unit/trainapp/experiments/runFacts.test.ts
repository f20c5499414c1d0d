import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ExperimentInfo } from '../../../../src/core/schemas';
import {
  checkpointsOf,
  isLive,
  isResumable,
  lastCheckpointOf,
  readExperimentInfo,
  writeExperimentInfo,
} from '../../../../src/trainapp/experiments';
import { experimentInfoOf } from '../../../fixtures/experimentInfo';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-run-facts-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** An experiment folder with these files in checkpoints/ and this experiment_info. */
function experiment(name: string, files: readonly string[], fields: Partial<ExperimentInfo> = {}) {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'checkpoints'), { recursive: true });
  for (const file of files) fs.writeFileSync(path.join(dir, 'checkpoints', file), '{}\n');
  writeExperimentInfo(
    dir,
    experimentInfoOf({
      experiment_name: name,
      framework_name: 'tfjs',
      task_type: 'classification',
      project: '../data/shapes',
      status: 'completed',
      ...fields,
    }),
  );
  return { dir, info: readExperimentInfo(dir) };
}

const names = (dir: string, info: ExperimentInfo) => checkpointsOf(dir, info).map(({ name }) => name);

describe('what every surface knows of an experiment folder', () => {
  it('orders checkpoints best, last, then newest first, marking best and last', () => {
    const listed = ['epoch_2.json', 'epoch_10.json', 'best.json', 'last.json'];
    const { dir, info } = experiment('completed', listed, {
      checkpoints: listed.map((name) => `checkpoints/${name}`),
      best_checkpoint: 'best.json',
    });
    assert.deepEqual(checkpointsOf(dir, info), [
      { file: path.join(dir, 'checkpoints', 'best.json'), name: 'best.json', best: true, last: false },
      { file: path.join(dir, 'checkpoints', 'last.json'), name: 'last.json', best: false, last: true },
      {
        file: path.join(dir, 'checkpoints', 'epoch_10.json'),
        name: 'epoch_10.json',
        best: false,
        last: false,
      },
      { file: path.join(dir, 'checkpoints', 'epoch_2.json'), name: 'epoch_2.json', best: false, last: false },
    ]);
  });

  it('counts the checkpoints an interrupted run left on disk, which its experiment_info does not list yet', () => {
    // The built-in framework's weights are not checkpoints of their own: their JSON sidecar is.
    const { dir, info } = experiment('interrupted', ['epoch_1.json', 'epoch_1.1234.bin', 'last.json'], {
      status: 'running',
    });
    assert.deepEqual(info.checkpoints, []);
    assert.deepEqual(names(dir, info), ['last.json', 'epoch_1.json']);
    const other = experiment('other-framework', ['last.pt', 'epoch_3.pt'], {
      framework_name: 'yolo',
      status: 'stopped',
    });
    assert.deepEqual(
      names(other.dir, other.info),
      ['last.pt', 'epoch_3.pt'],
      'any file of another framework',
    );
    const empty = experiment('early', [], { status: 'failed' });
    assert.deepEqual(checkpointsOf(empty.dir, empty.info), []);
    assert.deepEqual(checkpointsOf(path.join(root, 'no-such-run'), undefined), [], 'an unreadable folder');
  });

  it('resumes stopped, failed and interrupted runs from their last checkpoint, not completed or live ones', () => {
    const { dir, info } = experiment('resumable', ['epoch_1.json', 'last.json']);
    assert.equal(lastCheckpointOf(dir), 'last.json');
    assert.equal(isResumable(dir, info, false), false, 'completed');
    assert.equal(isResumable(dir, { ...info, status: 'stopped' }, false), true);
    assert.equal(isResumable(dir, { ...info, status: 'failed' }, false), true);
    assert.equal(isResumable(dir, { ...info, status: 'running' }, false), true, 'interrupted');
    assert.equal(isResumable(dir, { ...info, status: 'stopped' }, true), false, 'live');
    fs.renameSync(path.join(dir, 'checkpoints', 'last.json'), path.join(dir, 'checkpoints', 'last.pt'));
    assert.equal(lastCheckpointOf(dir), 'last.pt', "another framework's last");
    fs.rmSync(path.join(dir, 'checkpoints', 'last.pt'));
    assert.equal(lastCheckpointOf(dir), undefined);
    assert.equal(isResumable(dir, { ...info, status: 'failed' }, false), false, 'no last');
  });

  it('is live while the process its lock names runs, not with a stale lock or none', () => {
    const { dir } = experiment('locked', []);
    assert.equal(isLive(dir), false, 'no lock');
    fs.writeFileSync(path.join(dir, '.lock'), String(process.pid));
    assert.equal(isLive(dir), true);
    fs.writeFileSync(path.join(dir, '.lock'), String(spawnSync(process.execPath, ['-e', '']).pid));
    assert.equal(isLive(dir), false, 'the process that held it has ended');
  });
});
