import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lockExperiment } from '../../../../src/trainapp/run/runLock';

// One process at a time in an experiment folder; a lock left by a dead process does not block anyone.

const freshFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ts-lock-'));
const lockFile = (dir: string) => path.join(dir, '.lock');

describe('lockExperiment', () => {
  it('refuses a folder another live process holds, naming it', async () => {
    const dir = freshFolder();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await new Promise((resolve) => holder.once('spawn', resolve));
      fs.writeFileSync(lockFile(dir), String(holder.pid));
      assert.throws(() => lockExperiment(dir), new RegExp(`in use by process ${String(holder.pid)}`));
    } finally {
      holder.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock whose process is gone, and releases only its own', () => {
    const dir = freshFolder();
    fs.writeFileSync(lockFile(dir), '2147483646');
    const release = lockExperiment(dir);
    assert.equal(fs.readFileSync(lockFile(dir), 'utf8'), String(process.pid));
    release();
    assert.equal(fs.existsSync(lockFile(dir)), false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
