import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { allocateExperimentFolder, ExperimentFolderError } from '../../../../src/trainapp/experiments';
import { safeFolderName } from '../../../../src/trainapp/experiments/folderName';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-allocate-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
let folders = 0;
const freshExperiments = () => path.join(root, String(++folders), 'experiments');

describe('safeFolderName', () => {
  it('makes a name valid on every OS', () => {
    const cases: [string, string][] = [
      ['cats', 'cats'],
      ['a/b\\c:d*e?f"g<h>i|j', 'a_b_c_d_e_f_g_h_i_j'],
      ['tab\there\u0000\u001f\u007f', 'tab_here___'],
      ['  ..hidden name.. ', 'hidden name'],
      ['...', 'project'],
      ['', 'project'],
      ['CON', 'CON_'],
      ['lpt1.txt', 'lpt1.txt_'],
      ['console', 'console'],
      ['Ünïcødé 猫', 'Ünïcødé 猫'],
    ];
    for (const [name, safe] of cases)
      assert.equal(safeFolderName(name, 'project'), safe, JSON.stringify(name));
  });

  it('keeps a long name under the limit without cutting a character in two', () => {
    const safe = safeFolderName('猫'.repeat(99) + '😀😀', 'project');
    assert.equal(Array.from(safe).length, 100);
    assert.ok(safe.endsWith('😀'));
  });
});

describe('allocateExperimentFolder', () => {
  it('creates experiments/<project>/1_<framework> in a new workspace', () => {
    const experimentsDir = freshExperiments();
    const allocated = allocateExperimentFolder({
      experimentsDir,
      projectName: 'cats: v2',
      framework: 'tfjs',
    });
    assert.deepEqual(allocated, {
      dir: path.join(experimentsDir, 'cats_ v2', '1_tfjs'),
      runId: 1,
      projectName: 'cats_ v2',
    });
    assert.ok(fs.statSync(allocated.dir).isDirectory());
  });

  it('numbers runs across every project of the workspace, ignoring other names', () => {
    const experimentsDir = freshExperiments();
    fs.mkdirSync(path.join(experimentsDir, 'dogs', '7_tfjs'), { recursive: true });
    fs.mkdirSync(path.join(experimentsDir, 'cats', 'notes'), { recursive: true });
    fs.writeFileSync(path.join(experimentsDir, 'cats', '99_tfjs'), 'a file, not a run');
    const first = allocateExperimentFolder({ experimentsDir, projectName: 'cats', framework: 'tfjs' });
    const second = allocateExperimentFolder({
      experimentsDir,
      projectName: 'birds',
      framework: 'my/framework',
    });
    assert.equal(first.dir, path.join(experimentsDir, 'cats', '8_tfjs'));
    assert.equal(second.dir, path.join(experimentsDir, 'birds', '9_my_framework'));
  });

  it('takes a suffixed name when the folder name is taken, never the taken one', () => {
    const experimentsDir = freshExperiments();
    fs.mkdirSync(path.join(experimentsDir, 'cats'), { recursive: true });
    // Files are not runs, so the next id is 1, whose folder name they block.
    fs.writeFileSync(path.join(experimentsDir, 'cats', '1_tfjs'), '');
    fs.writeFileSync(path.join(experimentsDir, 'cats', '1_tfjs_2'), '');
    const allocated = allocateExperimentFolder({ experimentsDir, projectName: 'cats', framework: 'tfjs' });
    assert.equal(allocated.dir, path.join(experimentsDir, 'cats', '1_tfjs_3'));
    assert.equal(allocated.runId, 1);
    assert.equal(fs.readFileSync(path.join(experimentsDir, 'cats', '1_tfjs'), 'utf8'), '');
  });

  it('says which folder it cannot create', () => {
    const experimentsDir = freshExperiments();
    fs.mkdirSync(path.dirname(experimentsDir), { recursive: true });
    fs.writeFileSync(experimentsDir, 'a file where the experiments folder should be');
    assert.throws(
      () => allocateExperimentFolder({ experimentsDir, projectName: 'cats', framework: 'tfjs' }),
      (error) =>
        error instanceof ExperimentFolderError &&
        error.file === path.join(experimentsDir, 'cats') &&
        error.message.includes(path.join(experimentsDir, 'cats')) &&
        error.hint.includes('writable folder'),
    );
  });

  it('gives distinct folders to processes that allocate at the same moment', async () => {
    const experimentsDir = freshExperiments();
    const module = path.resolve(__dirname, '../../../../src/trainapp/experiments/index.js');
    const startAt = Date.now() + 1000;
    // Each process waits for the same instant, then allocates five folders as fast as it can.
    const script = `
      const { allocateExperimentFolder } = require(${JSON.stringify(module)});
      while (Date.now() < ${startAt}) {}
      const dirs = [];
      for (let i = 0; i < 5; i++) {
        dirs.push(allocateExperimentFolder({ experimentsDir: process.argv[1], projectName: 'cats', framework: 'tfjs' }));
      }
      process.stdout.write(JSON.stringify(dirs));`;
    const outputs = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, ['-e', script, experimentsDir]);
            let out = '';
            let err = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
            child.on('error', reject);
            child.on('close', (code) => {
              if (code === 0) resolve(out);
              else reject(new Error(err));
            });
          }),
      ),
    );
    const allocated = outputs.flatMap((out) => JSON.parse(out) as { dir: string; runId: number }[]);
    const dirs = allocated.map(({ dir }) => dir);
    assert.equal(new Set(dirs).size, 30, 'every allocation has its own folder');
    assert.equal(fs.readdirSync(path.join(experimentsDir, 'cats')).length, 30);
    for (const { dir, runId } of allocated)
      assert.match(path.basename(dir), new RegExp(`^${runId}_tfjs(_\\d+)?$`));
  });
});
