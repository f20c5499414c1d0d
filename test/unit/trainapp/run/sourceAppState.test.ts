import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listExperiments } from '../../../../src/trainapp/experiments';
import { runCliInProcess } from '../../../cliInProcess';

// `train` records in experiment_info the app_state file a run was started from, so that the panel editing
// that file (and no other on the same dataset) follows the run. It is written with the experiment's first
// info, before the app_state is even read: a run that fails on its settings still belongs to its file.
// Such a run is the cheap one to make here; the panel's real-run test checks a run that completes.

describe('train records its source app_state', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-source-app-state-'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('relative to the experiment folder, with forward slashes, kept when the run fails', async () => {
    const appState = path.join(root, 'configs', 'a', 'app_state.json');
    fs.mkdirSync(path.dirname(appState), { recursive: true });
    // No model: the run fails as it checks the settings.
    fs.writeFileSync(appState, JSON.stringify({ input: { project: '../../data/shapes' } }));
    const experiments = path.join(root, 'experiments');
    const run = await runCliInProcess(['train', '--app-state', appState, '--experiments', experiments], root);
    assert.equal(run.code, 1, run.err);
    const [experiment] = listExperiments(experiments);
    assert.ok(experiment?.info, 'the failed run has its experiment folder and info');
    assert.equal(experiment.info.status, 'failed');
    const source = experiment.info.source_app_state ?? assert.fail('no source_app_state');
    assert.equal(source, '../../../configs/a/app_state.json');
    assert.equal(path.resolve(experiment.dir, source), appState);
  });
});
