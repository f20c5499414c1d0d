import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../paths';
import { CS_RUN } from '../vscodeHost';

// CS_WORKSPACE_TRUST picks how the bridge opens the folder; a value it does not know must stop the run
// before code-server starts, rather than silently test the trusted case.
describe('cs-run workspace trust', () => {
  it('rejects an unknown CS_WORKSPACE_TRUST with exit 2 and the values it takes', () => {
    const result = spawnSync(
      process.execPath,
      [CS_RUN, os.tmpdir(), `--extensionDevelopmentPath=${REPO_ROOT}`, '--extensionTestsPath=none.js'],
      { encoding: 'utf8', env: { ...process.env, CS_WORKSPACE_TRUST: 'restricted' }, timeout: 60_000 },
    );
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr.trim(),
      "cs-run: CS_WORKSPACE_TRUST must be 'trusted' or 'untrusted', not 'restricted'",
    );
  });
});
