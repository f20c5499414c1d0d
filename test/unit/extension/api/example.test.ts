import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../../paths';

// The README quotes docs/examples/parallel-experiments.ts: it must keep compiling against the public types.
describe('docs/examples', () => {
  it('type-checks against the API types (tsc -p docs/examples)', () => {
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'docs', 'examples')], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});
