import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PathGuard, safeRoots } from '../../../../src/extension/workbench/panel/pathGuard';

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
    fs.writeFileSync(path.join(experiments, 'shapes', '1_tfjs', 'experiment_info.json'), '{}');
    fs.mkdirSync(path.join(workspace, 'not-a-run'));
    guard = new PathGuard(() => ({ workspaceFolders: [workspace], experimentsDirs: [experiments] }));
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

  it('returns the real path it checked: open and reveal act on the link’s target, not the link', () => {
    assert.deepEqual(guard.check(path.join(workspace, 'runs-link', '1_tfjs', 'checkpoints', 'best.json')), {
      allowed: true,
      path: path.join(experiments, 'shapes', '1_tfjs', 'checkpoints', 'best.json'),
    });
    assert.deepEqual(guard.checkExperiment(path.join(workspace, 'runs-link', '1_tfjs')), {
      allowed: true,
      path: path.join(experiments, 'shapes', '1_tfjs'),
    });
  });

  it('resolves a root that does not exist yet below a link, as it resolves the paths it checks', () => {
    // An experiments folder the trainer has not created yet, set through a link in the workspace.
    const linked = new PathGuard(() => ({
      workspaceFolders: [],
      experimentsDirs: [path.join(workspace, 'runs-link', 'later')],
    }));
    assert.deepEqual(linked.roots().experimentsDirs, [path.join(experiments, 'shapes', 'later')]);
    assert.ok(linked.check(path.join(experiments, 'shapes', 'later', 'x.json')).allowed);
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
    let experimentsDirs = [] as string[];
    const changing = new PathGuard(() => ({ workspaceFolders: [workspace], experimentsDirs }));
    const run = path.join(experiments, 'shapes', '1_tfjs');
    assert.equal(changing.check(run).allowed, false);
    experimentsDirs = [experiments];
    assert.equal(changing.check(run).allowed, true);
    const none = new PathGuard(() => ({ workspaceFolders: [], experimentsDirs: [] }));
    assert.equal(none.check(workspace).allowed, false);
  });

  it('drops an experiments folder that is a filesystem root or holds a workspace folder', () => {
    // The setting comes from the workspace's own .vscode/settings.json: "/" or ".." must not open the disk.
    for (const widening of [path.parse(base).root, base, path.join(workspace, '..')]) {
      const wide = new PathGuard(() => ({ workspaceFolders: [workspace], experimentsDirs: [widening] }));
      assert.equal(wide.check('/etc/passwd').allowed, false, widening);
      assert.equal(wide.check(path.join(base, 'secret.txt')).allowed, false, widening);
      assert.ok(wide.check(path.join(workspace, 'data')).allowed, 'the workspace stays open');
    }
    assert.deepEqual(safeRoots({ workspaceFolders: ['/'], experimentsDirs: [experiments] }), {
      workspaceFolders: [],
      experimentsDirs: [experiments],
    });
    assert.deepEqual(
      safeRoots({
        workspaceFolders: [workspace],
        experimentsDirs: [path.join(workspace, 'runs'), experiments],
      }).experimentsDirs,
      [path.join(workspace, 'runs'), experiments],
      'an experiments folder inside the workspace or beside it is kept',
    );
  });

  it('takes for an experiment only a folder with its info file in an experiments folder', () => {
    const run = path.join(experiments, 'shapes', '1_tfjs');
    assert.deepEqual(guard.checkExperiment(run), { allowed: true, path: run });
    const reasonOf = (dir: string) => {
      const verdict = guard.checkExperiment(dir);
      return verdict.allowed ? '' : verdict.reason;
    };
    assert.match(reasonOf(path.join(workspace, 'not-a-run')), /not in an experiments folder/);
    assert.match(reasonOf(experiments), /not in an experiments folder/);
    assert.match(reasonOf(path.join(experiments, 'shapes')), /has no experiment_info.json/);
    assert.match(reasonOf(`${run}/../../../..`), /outside the workspace folders/);
  });
});
