import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stopExperiment } from '../../../../src/extension/workbench/runs/stopExperiment';
import { liveLockOwner } from '../../../../src/trainapp/experiments/lockOwner';
import type { LiveRuns } from '../../../../src/extension/workbench/runs/types';

// A run this window did not start is found through its lock (`<experiment>/.lock`, its pid) and stopped by
// SIGINT, as Ctrl+C would. Real processes stand in for the trainer here; the integration suite stops a real
// CLI trainer this way.

const NO_LIVE_RUNS: Pick<LiveRuns, 'find'> = { find: () => undefined };

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-stop-'));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function experimentWithLock(name: string, lock: string | undefined): string {
  const experiment = path.join(dir, name);
  fs.mkdirSync(experiment, { recursive: true });
  if (lock !== undefined) fs.writeFileSync(path.join(experiment, '.lock'), lock);
  return experiment;
}

/** A pid that no process has any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  assert.ok(child.pid);
  return child.pid;
}

describe('stopping an experiment', () => {
  it('finds the live owner of a lock, and none for a missing, stale or garbled one', async () => {
    assert.equal(liveLockOwner(experimentWithLock('alive', `${String(process.pid)}\n`)), process.pid);
    assert.equal(liveLockOwner(experimentWithLock('no-lock', undefined)), undefined);
    assert.equal(liveLockOwner(experimentWithLock('stale', String(await deadPid()))), undefined);
    assert.equal(liveLockOwner(experimentWithLock('garbled', 'not a pid')), undefined);
    assert.equal(liveLockOwner(path.join(dir, 'no-such-folder')), undefined);
  });

  it('says nothing runs where no live process holds the lock', async () => {
    assert.equal(stopExperiment(NO_LIVE_RUNS, experimentWithLock('idle', undefined)), false);
    assert.equal(stopExperiment(NO_LIVE_RUNS, experimentWithLock('left', String(await deadPid()))), false);
  });

  it("sends SIGINT to the lock's owner, which stops gracefully", async () => {
    const owner = spawn(
      process.execPath,
      [
        '-e',
        "process.on('SIGINT', () => { console.log('graceful stop'); process.exit(0); }); console.log('ready'); setInterval(() => undefined, 1000);",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    owner.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const closed = new Promise<number | null>((resolve) => owner.on('close', resolve));
    while (!stdout.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(owner.pid);
    const experiment = experimentWithLock('terminal-run', String(owner.pid));
    assert.equal(stopExperiment(NO_LIVE_RUNS, experiment), true);
    assert.equal(await closed, 0);
    assert.match(stdout, /graceful stop/);
  });
});
