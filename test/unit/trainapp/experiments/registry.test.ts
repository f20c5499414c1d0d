import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ExperimentInfo } from '../../../../src/core/schemas';
import { ExperimentFolderError, listExperiments, NO_INFO_YET } from '../../../../src/trainapp/experiments';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-registry-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

function writeRun(experimentsDir: string, project: string, run: string, info?: string | object): string {
  const dir = path.join(experimentsDir, project, run);
  fs.mkdirSync(dir, { recursive: true });
  if (info !== undefined) {
    const text = typeof info === 'string' ? info : JSON.stringify(info);
    fs.writeFileSync(path.join(dir, 'experiment_info.json'), text);
  }
  return dir;
}

const infoOf = (name: string) => ({
  experiment_name: name,
  framework_name: 'tfjs',
  model_name: 'resnet18',
  task_type: 'classification',
  project: 'cats',
  status: 'completed',
});

describe('listExperiments', () => {
  it('lists every run by project, newest first, with the problem of each broken one', () => {
    const experimentsDir = path.join(root, 'workspace', 'experiments');
    writeRun(experimentsDir, 'cats', '1_tfjs', infoOf('1_tfjs'));
    writeRun(experimentsDir, 'cats', '3_tfjs', infoOf('3_tfjs'));
    writeRun(experimentsDir, 'cats', '10_tfjs');
    const broken = writeRun(experimentsDir, 'cats', '2_tfjs', '{"experiment_name": ');
    writeRun(experimentsDir, 'cats', 'notes');
    writeRun(experimentsDir, 'birds', '5_tfjs', infoOf('5_tfjs'));
    writeRun(experimentsDir, '.cache', '6_tfjs', infoOf('6_tfjs'));
    fs.writeFileSync(path.join(experimentsDir, 'README.txt'), 'not a project');

    const entries = listExperiments(experimentsDir);
    assert.deepEqual(
      entries.map(({ project, dir, runId }) => [project, path.relative(experimentsDir, dir), runId]),
      [
        ['birds', path.join('birds', '5_tfjs'), 5],
        ['cats', path.join('cats', '10_tfjs'), 10],
        ['cats', path.join('cats', '3_tfjs'), 3],
        ['cats', path.join('cats', '2_tfjs'), 2],
        ['cats', path.join('cats', '1_tfjs'), 1],
        ['cats', path.join('cats', 'notes'), undefined],
      ],
    );
    const [birds, starting, , broken2, , notes] = entries;
    assert.ok(birds && starting && broken2 && notes);
    assert.deepEqual(birds.info, ExperimentInfo.parse(infoOf('5_tfjs')));
    assert.equal(birds.problem, undefined);
    assert.equal(starting.problem, NO_INFO_YET);
    assert.equal(starting.info, undefined);
    assert.ok(
      broken2.problem?.startsWith(`${path.join(broken, 'experiment_info.json')}:1:21: not valid JSON`),
      broken2.problem,
    );
    assert.equal(notes.problem, NO_INFO_YET);
  });

  it('gives nothing for a workspace without experiments', () => {
    assert.deepEqual(listExperiments(path.join(root, 'empty', 'experiments')), []);
  });

  it(
    'lists a project folder it cannot read with its problem',
    { skip: isRoot && 'root reads every folder' },
    () => {
      const experimentsDir = path.join(root, 'locked', 'experiments');
      writeRun(experimentsDir, 'cats', '1_tfjs', infoOf('1_tfjs'));
      const locked = path.join(experimentsDir, 'dogs');
      fs.mkdirSync(locked);
      fs.chmodSync(locked, 0);
      try {
        const entries = listExperiments(experimentsDir);
        assert.equal(entries.length, 2);
        assert.deepEqual(entries[0]?.problem, undefined);
        assert.match(entries[1]?.problem ?? '', /dogs: cannot list the folder: permission denied/);
        fs.chmodSync(experimentsDir, 0);
        assert.throws(() => listExperiments(experimentsDir), ExperimentFolderError);
      } finally {
        fs.chmodSync(experimentsDir, 0o755);
        fs.chmodSync(locked, 0o755);
      }
    },
  );
});
