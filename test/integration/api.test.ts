import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentInfo } from '../../src/core/schemas';
import { SETTINGS } from '../../src/extension/ids';
import type { RunHandle, RunOptions, TrainStudioApi } from '../../src/extension/workbench/api/types';
import { QUICK_HYPERPARAMETERS } from '../fixtures/quickRun';
import { trainStudio } from './host';
import { FIXTURE } from './workspaceFixture';
import { rejectionOf } from '../rejection';

// The exported API with real trainers: two small experiments on the workspace's class folders, queued one
// after the other and then side by side, compared, stopped, and refused.

const quickRun = (experimentName: string, extra: Partial<RunOptions> = {}): RunOptions => ({
  project: FIXTURE.classFolders,
  model: 'Classifier-S',
  trainValSplit: { method: 'random', percent: 75, seed: 3 },
  hyperparameters: QUICK_HYPERPARAMETERS,
  cacheProject: false,
  experimentName,
  ...extra,
});

const workspaceDir = () =>
  vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? assert.fail('no workspace folder');

async function setMaxConcurrentRuns(value: number | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration(SETTINGS.section)
    .update(SETTINGS.maxConcurrentRuns, value, vscode.ConfigurationTarget.Global);
}

/** When the run started (its experiment_info) and its last trainer event (logs/events.jsonl). */
function span(folder: string, info: ExperimentInfo): { start: number; end: number } {
  const events = fs
    .readFileSync(path.join(folder, 'logs', 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => Date.parse((JSON.parse(line) as { time: string }).time));
  return { start: Date.parse(info.datetime ?? assert.fail('no datetime')), end: Math.max(...events) };
}

/** The experiment folders these tests made, removed at the end: the suites share one workspace. */
const made: string[] = [];

function removeMade(): void {
  for (const folder of made.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  for (const dir of [
    path.join(workspaceDir(), 'experiments', 'shapes'),
    path.join(workspaceDir(), 'experiments'),
  ]) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

async function finished(handle: RunHandle): Promise<{ folder: string; info: ExperimentInfo }> {
  const folder = await handle.folder;
  made.push(folder);
  const info = await handle.done;
  assert.equal(info.status, 'completed', `${folder}: ${info.error?.message ?? ''}`);
  return { folder, info };
}

describe('API', function () {
  // Real trainings on a machine shared with other work.
  this.timeout(600_000);
  let api: TrainStudioApi;

  before(async () => {
    api = (await trainStudio().activate()) as TrainStudioApi;
  });

  after(async () => {
    await setMaxConcurrentRuns(undefined);
    removeMade();
  });

  it('is the exports of the extension, with its version', () => {
    assert.equal(trainStudio().exports, api);
    assert.equal(api.version, (trainStudio().packageJSON as { version: string }).version);
  });

  it('with maxConcurrentRuns 1, trains two runs one after the other, and compares them', async () => {
    await setMaxConcurrentRuns(1);
    const first = api.run(quickRun('api serial a'));
    const second = api.run(quickRun('api serial b', { autostart: false }));
    second.start();
    const a = await finished(first);
    const b = await finished(second);
    assert.equal(path.dirname(a.folder), path.join(workspaceDir(), 'experiments', 'shapes'));
    assert.equal(a.info.experiment_name, 'api serial a');
    assert.ok(
      span(b.folder, b.info).start >= span(a.folder, a.info).end,
      'the second run started before the first ended',
    );

    const table = await api.compare([a.folder, path.relative(workspaceDir(), b.folder)]);
    assert.deepEqual(
      table.experiments.map(({ folder, name }) => ({ folder, name })),
      [
        { folder: a.folder, name: 'api serial a' },
        { folder: b.folder, name: 'api serial b' },
      ],
    );
    assert.equal(table.metrics[0], 'accuracy');
    assert.ok([a.folder, b.folder].includes(table.best.accuracy ?? ''));
    assert.ok(table.metrics.every((metric) => typeof table.experiments[0]?.metrics[metric] === 'number'));
  });

  it('with maxConcurrentRuns 2, trains two runs at the same time', async () => {
    await setMaxConcurrentRuns(2);
    const [a, b] = await Promise.all([
      finished(api.run(quickRun('api parallel a'))),
      finished(api.run(quickRun('api parallel b'))),
    ]);
    const spanA = span(a.folder, a.info);
    const spanB = span(b.folder, b.info);
    assert.ok(spanB.start < spanA.end && spanA.start < spanB.end, 'the runs did not overlap');
  });

  it('stop() drops a queued run, and stops a running one gracefully', async () => {
    await setMaxConcurrentRuns(1);
    const running = api.run(quickRun('api stopped'));
    const queued = api.run(quickRun('api never started'));
    await queued.stop();
    assert.match((await rejectionOf(queued.done)).message, /^The run \w+ was stopped before it started\.$/);
    assert.match((await rejectionOf(queued.folder)).message, /stopped before it started/);

    const folder = await running.folder;
    made.push(folder);
    await running.stop();
    const info = await running.done;
    assert.equal(info.status, 'stopped');
    assert.equal(path.dirname(folder), path.join(workspaceDir(), 'experiments', 'shapes'));
    const names = fs
      .readdirSync(path.dirname(folder))
      .map((run) => path.join(path.dirname(folder), run, 'experiment_info.json'))
      .filter((file) => fs.existsSync(file))
      .map((file) => (JSON.parse(fs.readFileSync(file, 'utf8')) as ExperimentInfo).experiment_name);
    assert.ok(!names.includes('api never started'), 'the queued run made an experiment folder');
  });

  it('rejects folder and done of a run with an invalid option, naming the option', async () => {
    const badSplit = api.run(quickRun('api invalid', { trainValSplit: { method: 'random', percent: 150 } }));
    assert.match(
      (await rejectionOf(badSplit.done)).message,
      /^The run option `trainValSplit.percent` is not valid/,
    );
    assert.match((await rejectionOf(badSplit.folder)).message, /`trainValSplit\.percent`/);
    const misspelt = api.run({ ...quickRun('api misspelt'), enable_benchmark: false } as RunOptions);
    assert.equal(
      (await rejectionOf(misspelt.done)).message,
      '`enable_benchmark` is not a run option: did you mean `enableBenchmark`?',
    );
  });

  it('compare() names a folder that is not an experiment', async () => {
    const error = await rejectionOf(api.compare(['experiments/shapes']));
    assert.equal(
      error.message,
      `${path.join(workspaceDir(), 'experiments', 'shapes', 'experiment_info.json')} does not exist.`,
    );
  });
});
