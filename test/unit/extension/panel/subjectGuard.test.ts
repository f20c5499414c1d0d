import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PathGuard } from '../../../../src/extension/workbench/panel/pathGuard';
import { editSubject, experimentSubject } from '../../../../src/extension/workbench/panel/subject';
import { isAppStateFileName, subjectRefusal } from '../../../../src/extension/workbench/panel/subjectGuard';

// Real folders: the subjects a command argument or a page's stored state (after a reload) may open a panel on.

describe('the panel’s subjects', () => {
  let workspace: string;
  let experiments: string;
  let run: string;
  let guard: PathGuard;

  before(() => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'panel-subject-')));
    experiments = path.join(workspace, 'experiments');
    run = path.join(experiments, 'shapes', '1_tfjs');
    fs.mkdirSync(run, { recursive: true });
    fs.writeFileSync(path.join(run, 'experiment_info.json'), '{}');
    fs.writeFileSync(path.join(run, 'app_state.json'), '{}');
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), '{}');
    guard = new PathGuard(() => ({ workspaceFolders: [workspace], experimentsDirs: [experiments] }));
  });
  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('knows the names the app_state pickers find', () => {
    assert.ok(isAppStateFileName('/w/app_state.json'));
    assert.ok(isAppStateFileName('/w/shapes.finetune.app_state.json'));
    assert.equal(isAppStateFileName('/w/.vscode/settings.json'), false);
    assert.equal(isAppStateFileName('/w/my_app_state.json'), false);
    assert.equal(isAppStateFileName('/w/app_state.json.bak'), false);
  });

  it('opens an edit panel on an app_state file of the workspace', () => {
    assert.equal(subjectRefusal(editSubject(path.join(workspace, 'app_state.json')), guard), undefined);
    assert.equal(
      subjectRefusal(editSubject(path.join(workspace, 'a', 'x.app_state.json')), guard),
      undefined,
    );
  });

  it('refuses to edit any other JSON file, a file outside the workspace, or an experiment’s copy', () => {
    assert.match(
      subjectRefusal(editSubject(path.join(workspace, '.vscode', 'settings.json')), guard) ?? '',
      /is not an app_state file/,
    );
    assert.match(subjectRefusal(editSubject('/tmp/app_state.json'), guard) ?? '', /outside the workspace/);
    assert.match(
      subjectRefusal(editSubject(path.join(run, 'app_state.json')), guard) ?? '',
      /in an experiments folder: open its experiment instead/,
    );
  });

  it('opens a read-only panel only on an experiment folder of the experiments folders', () => {
    assert.equal(subjectRefusal(experimentSubject(run), guard), undefined);
    assert.match(
      subjectRefusal(experimentSubject(path.join(workspace, '.vscode')), guard) ?? '',
      /not in an experiments folder/,
    );
    assert.match(
      subjectRefusal(experimentSubject(path.join(experiments, 'shapes')), guard) ?? '',
      /no experiment_info.json/,
    );
    assert.match(subjectRefusal(experimentSubject('/etc'), guard) ?? '', /outside the workspace/);
  });
});
