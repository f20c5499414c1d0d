import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { changedPaths, snapshotOf } from '../../../../src/extension/workbench/tree/folderSnapshot';
import { infoOf, metricsLine, temporaryFolder, writeRun } from './experimentFolders';

const root = temporaryFolder('tree-snapshot');
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A later modification time than the file had: what a trainer's next write gives it. */
function touch(file: string, contents: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, contents);
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(file, later, later);
}

describe('the folder snapshot under the watcher', () => {
  it('finds a new run, and changes to the runs still training, that a watcher may have missed', () => {
    const experimentsDir = path.join(root, 'experiments');
    const training = writeRun(experimentsDir, 'cats', '1_tfjs', {
      info: infoOf({ status: 'running' }),
      lockPid: 1,
    });
    const done = writeRun(experimentsDir, 'cats', '2_tfjs', { info: infoOf() });
    const look = () => snapshotOf([experimentsDir], [training]);
    const first = look();
    assert.deepEqual(changedPaths(first, look()), [], 'nothing changed, nothing to refresh');

    touch(path.join(training, 'logs', 'metrics.jsonl'), metricsLine(1, { train_loss: 1 }));
    const second = look();
    assert.deepEqual(changedPaths(first, second), [training]);

    fs.rmSync(path.join(training, '.lock'));
    touch(path.join(training, 'experiment_info.json'), JSON.stringify(infoOf()));
    const third = look();
    assert.deepEqual(changedPaths(second, third), [training]);

    touch(path.join(done, 'experiment_info.json'), JSON.stringify(infoOf({ epochs: 3 })));
    assert.deepEqual(changedPaths(third, look()), [], 'an ended run is left to the watcher');

    writeRun(experimentsDir, 'dogs', '3_tfjs');
    const fourth = look();
    assert.deepEqual(changedPaths(third, fourth), [experimentsDir], 'a new run folder');
    fs.rmSync(done, { recursive: true });
    assert.deepEqual(changedPaths(fourth, look()), [experimentsDir], 'a run folder gone');
  });

  it('tells a run that stopped being watched, and an experiments folder that appeared', () => {
    const experimentsDir = path.join(root, 'later', 'experiments');
    const before = snapshotOf([experimentsDir], ['/nowhere/1_tfjs']);
    const run = writeRun(experimentsDir, 'cats', '1_tfjs', { info: infoOf() });
    assert.deepEqual(changedPaths(before, snapshotOf([experimentsDir], [])), [
      experimentsDir,
      '/nowhere/1_tfjs',
    ]);
    assert.ok(fs.existsSync(run));
  });
});
