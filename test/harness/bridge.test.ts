import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../paths';
import { assertHostInstalled, CS_RUN } from '../vscodeHost';

// The bridge stands in for VS Code in every extension-host run, so its failures must be clear and final:
// exit 2 with one reason, never a hang, and never a code-server process left behind.
function runBridge(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CS_RUN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('cs-run bridge failures', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-bridge-'));
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('rejects a call without the extension to test, with exit 2 and the missing option', () => {
    const { status, stderr } = runBridge([scratch]);
    assert.equal(status, 2);
    assert.equal(stderr.trim(), 'cs-run: missing --extensionDevelopmentPath');
  });

  it('times out a run that never finishes with exit 2, and leaves no process behind', () => {
    assertHostInstalled();
    const neverSettles = path.join(scratch, 'never.js');
    fs.writeFileSync(neverSettles, 'exports.run = () => new Promise(() => {});\n');
    // A profile folder unique to this run marks every process the bridge starts.
    const userDataDir = path.join(scratch, 'profile-marker');
    const { status, stderr } = runBridge(
      [
        scratch,
        `--extensionDevelopmentPath=${REPO_ROOT}`,
        `--extensionTestsPath=${neverSettles}`,
        `--user-data-dir=${userDataDir}`,
      ],
      { CS_TIMEOUT_S: '3' },
    );
    assert.equal(status, 2);
    assert.match(stderr, /^cs-run: timed out after 3s \(CS_TIMEOUT_S\) before the tests finished$/m);
    const leftovers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(userDataDir));
    assert.deepEqual(leftovers, []);
  });
});
