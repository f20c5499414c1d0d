import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SAMPLE_FOLDER, writeSampleSetup } from '../../../../src/extension/workbench/sample/sampleSetup';
import { UserError } from '../../../../src/extension/workbench/userError';
import { builtinFrameworkDir, checkConfigFile } from '../../../../src/trainapp/configFiles';
import { REPO_ROOT } from '../../../paths';

const BUNDLED = path.join(REPO_ROOT, 'samples');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-sample-setup-'));
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function workspace(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  return dir;
}

const countFiles = (dir: string) =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;

describe('the sample training setup', () => {
  it('writes the dataset, app_state.json, hyperparameters.yaml and app_options.yaml, all valid', async () => {
    const setup = await writeSampleSetup(BUNDLED, workspace('valid'));
    assert.equal(path.basename(setup.dir), SAMPLE_FOLDER);
    assert.equal(countFiles(path.join(setup.dir, 'shapes')), countFiles(path.join(BUNDLED, 'shapes')));
    for (const file of [setup.appState, setup.hyperparameters, setup.appOptions]) {
      const check = checkConfigFile(file, { builtinFrameworkDir: builtinFrameworkDir(REPO_ROOT) });
      assert.ok(check.kind !== undefined, `${file} is recognised as a config file`);
      assert.deepEqual(
        check.findings.map((finding) => `${finding.severity}: ${finding.message}`),
        [],
        path.basename(file),
      );
    }
    const appState = JSON.parse(fs.readFileSync(setup.appState, 'utf8')) as { input: { project: string } };
    assert.ok(
      fs.existsSync(path.join(setup.dir, appState.input.project, 'meta.json')),
      'the dataset is where app_state says',
    );
  });

  it('takes the next free name and never writes into an existing folder', async () => {
    const dir = workspace('clash');
    const existing = path.join(dir, SAMPLE_FOLDER);
    fs.mkdirSync(existing);
    fs.writeFileSync(path.join(existing, 'app_state.json'), 'mine');
    fs.mkdirSync(path.join(dir, `${SAMPLE_FOLDER}-2`));

    const setup = await writeSampleSetup(BUNDLED, dir);
    assert.equal(setup.dir, path.join(dir, `${SAMPLE_FOLDER}-3`));
    assert.equal(fs.readFileSync(path.join(existing, 'app_state.json'), 'utf8'), 'mine');
    assert.deepEqual(fs.readdirSync(path.join(dir, `${SAMPLE_FOLDER}-2`)), []);
    const again = await writeSampleSetup(BUNDLED, dir);
    assert.equal(again.dir, path.join(dir, `${SAMPLE_FOLDER}-4`));
  });

  it('names the missing part of an incomplete bundled sample, writing nothing', async () => {
    const bundled = workspace('bundled');
    fs.copyFileSync(path.join(BUNDLED, 'app_state.json'), path.join(bundled, 'app_state.json'));
    const target = workspace('incomplete');
    await assert.rejects(
      writeSampleSetup(bundled, target),
      (error: unknown) =>
        error instanceof UserError &&
        error.message.includes(path.join(bundled, 'shapes')) &&
        error.hint.includes('Reinstall'),
    );
    assert.deepEqual(fs.readdirSync(target), []);
  });

  it('says which folder it cannot write to', async () => {
    const notAFolder = path.join(workspace('file'), 'plain.txt');
    fs.writeFileSync(notAFolder, '');
    await assert.rejects(
      writeSampleSetup(BUNDLED, notAFolder),
      (error: unknown) =>
        error instanceof UserError && error.message.startsWith(`Cannot create a folder in ${notAFolder}`),
    );
  });
});
