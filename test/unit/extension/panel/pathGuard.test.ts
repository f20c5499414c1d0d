import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PathGuard } from '../../../../src/extension/workbench/panel/pathGuard';

// Real folders and real symlinks: the guard is what keeps a webview message out of the rest of the disk.

describe('the panel’s path guard', () => {
  let base: string;
  let workspace: string;
  let experiments: string;
  let guard: PathGuard;

  before(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'panel-guard-')));
    workspace = path.join(base, 'ws');
    experiments = path.join(base, 'runs');
    fs.mkdirSync(path.join(workspace, 'data'), { recursive: true });
    fs.mkdirSync(path.join(experiments, 'shapes', '1_tfjs'), { recursive: true });
    fs.mkdirSync(path.join(base, 'ws-evil'));
    fs.writeFileSync(path.join(base, 'ws-evil', 'secret.txt'), 'x');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'x');
    fs.symlinkSync(base, path.join(workspace, 'escape'));
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(workspace, 'data', 'link.txt'));
    fs.symlinkSync(path.join(experiments, 'shapes'), path.join(workspace, 'runs-link'));
    guard = new PathGuard(() => [workspace, experiments]);
  });
  after(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  const allowed = (candidate: string) => guard.check(candidate).allowed;

  it('lets through paths in a workspace folder or an experiments folder, existing or not', () => {
    assert.deepEqual(guard.check(path.join(workspace, 'data')), {
      allowed: true,
      path: path.join(workspace, 'data'),
    });
    assert.ok(allowed(workspace));
    assert.ok(allowed(path.join(workspace, 'data', 'new', 'app_state.json')));
    assert.ok(allowed(path.join(experiments, 'shapes', '1_tfjs', 'checkpoints', 'best.json')));
    assert.ok(allowed(path.join(workspace, 'runs-link', '1_tfjs')), 'a link to an experiments folder');
  });

  it('normalizes `..` before deciding', () => {
    assert.deepEqual(guard.check(`${workspace}/data/../data/./x.json`), {
      allowed: true,
      path: path.join(workspace, 'data', 'x.json'),
    });
    assert.equal(allowed(`${workspace}/../secret.txt`), false);
    assert.equal(allowed(`${workspace}/data/../../ws-evil/secret.txt`), false);
  });

  it('refuses absolute paths elsewhere and a sibling whose name only starts like the workspace', () => {
    assert.equal(allowed('/etc/passwd'), false);
    assert.equal(allowed(path.join(base, 'secret.txt')), false);
    assert.equal(allowed(path.join(base, 'ws-evil', 'secret.txt')), false);
    assert.equal(allowed(`${workspace}-evil`), false);
    assert.equal(allowed(`${experiments}x/shapes`), false);
  });

  it('refuses symlinks inside the workspace that point outside it', () => {
    assert.equal(allowed(path.join(workspace, 'escape', 'secret.txt')), false);
    assert.equal(allowed(path.join(workspace, 'escape')), false);
    assert.equal(allowed(path.join(workspace, 'data', 'link.txt')), false);
    // A file that does not exist yet below a link is judged by where the link leads.
    assert.equal(allowed(path.join(workspace, 'escape', 'new-file.json')), false);
  });

  it('refuses relative paths and NUL characters, and says why', () => {
    const relative = guard.check('data/app_state.json');
    if (relative.allowed) assert.fail('a relative path was let through');
    assert.match(relative.reason, /not an absolute path/);
    assert.equal(allowed(`${workspace}/data\0/../../secret.txt`), false);
    const outside = guard.check('/etc/passwd');
    assert.match(
      outside.allowed ? '' : outside.reason,
      /outside the workspace folders and the experiments folders/,
    );
  });

  it('asks for its roots each time: a changed experiments folder applies at once', () => {
    let roots = [workspace];
    const changing = new PathGuard(() => roots);
    const run = path.join(experiments, 'shapes', '1_tfjs');
    assert.equal(changing.check(run).allowed, false);
    roots = [workspace, experiments];
    assert.equal(changing.check(run).allowed, true);
    assert.equal(new PathGuard(() => []).check(workspace).allowed, false);
  });
});
