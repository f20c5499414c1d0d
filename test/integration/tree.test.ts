import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchHost } from '../../src/extension/workbench/contract';
import type { RunProgress } from '../../src/core/runProgress';
import type { RunServices, TrainerRun } from '../../src/extension/workbench/runs/types';
import { createTree } from '../../src/extension/workbench/tree';
import type { TreeFeature } from '../../src/extension/workbench/tree';
import type { TreeTarget } from '../../src/extension/workbench/treeTarget';
import { REPO_ROOT } from '../paths';
import { FIXTURE } from './workspaceFixture';

// The experiment tree in a real extension host, built by this suite from the compiled module (the extension's
// own workbench needs the other parts, which other suites test), over experiment folders written by a real
// CLI run and by hand. Every wait is for onDidChangeTreeData: nothing here refreshes the tree itself, so
// each assertion after a wait checks the file watcher.

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const TREE_CHANGE_TIMEOUT_MS = 180_000;

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration workspace has no folder');
  return folder.uri.fsPath;
}

/** The tree only uses liveRuns; this window runs no trainer in these tests. */
function standInRuns(): RunServices {
  const notHere = () => Promise.reject(new Error('not used by the tree'));
  return {
    launcher: { start: notHere },
    liveRuns: { runs: [], find: () => undefined, onDidChange: new vscode.EventEmitter<void>().event },
    runTask: notHere,
    stopExperiment: notHere,
    runCliJob: notHere,
    nodeExecutable: notHere,
  };
}

/** A real log channel whose error lines the test can read: reportError writes the refusal there. */
function recordingOutput(errors: string[]): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel('Train Studio tree test', { log: true });
  return new Proxy(channel, {
    get(target, key) {
      if (key === 'error') {
        return (message: string | Error, ...args: unknown[]) => {
          errors.push(String(message));
          target.error(message, ...args);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const labelOf = (item: vscode.TreeItem) =>
  typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
const iconOf = (item: vscode.TreeItem) => {
  const icon = item.iconPath;
  assert.ok(icon instanceof vscode.ThemeIcon, `${labelOf(item)} has a theme icon`);
  return { id: icon.id, color: icon.color?.id };
};
const tokensOf = (item: vscode.TreeItem) => (item.contextValue ?? '').split(' ');

describe('experiment tree', function () {
  this.timeout(TREE_CHANGE_TIMEOUT_MS + 60_000);
  const errors: string[] = [];
  let feature: TreeFeature;
  let provider: vscode.TreeDataProvider<unknown>;
  let trainer: ChildProcess | undefined;
  const made: string[] = [];

  before(() => {
    const host: WorkbenchHost = {
      context: { extensionPath: REPO_ROOT } as vscode.ExtensionContext,
      output: recordingOutput(errors),
      cliPath: CLI,
    };
    feature = createTree(host, standInRuns());
    provider = feature.provider;
  });

  after(() => {
    trainer?.kill();
    feature.dispose();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  const itemOf = async (element: unknown) => provider.getTreeItem(element);
  const childrenOf = async (element?: unknown): Promise<unknown[]> =>
    (await provider.getChildren(element)) ?? [];

  /** The run item of `dir` (projects, then runs: the workspace has one folder). */
  async function findRun(dir: string): Promise<unknown> {
    for (const project of await childrenOf()) {
      for (const run of await childrenOf(project)) {
        const target = run as TreeTarget;
        if (target.experimentDir === dir && target.checkpointFile === undefined) return run;
      }
    }
    return undefined;
  }

  async function childNamed(element: unknown, label: string): Promise<unknown> {
    for (const child of await childrenOf(element)) if (labelOf(await itemOf(child)) === label) return child;
    assert.fail(`${labelOf(await itemOf(element))} has no child named ${label}`);
  }

  /** Checks `condition` now and after each tree change, until it holds. */
  function afterTreeChanges(
    condition: () => Promise<boolean>,
    what: string,
    explain: () => string = () => '',
  ): Promise<void> {
    const changes = provider.onDidChangeTreeData;
    assert.ok(changes, 'the provider announces changes');
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        listener.dispose();
        reject(
          new Error(
            `no tree change brought ${what} within ${String(TREE_CHANGE_TIMEOUT_MS)} ms. ${explain()}`,
          ),
        );
      }, TREE_CHANGE_TIMEOUT_MS);
      // Listening before the first check: a change between the two is never missed.
      let checking = Promise.resolve();
      const check = () => {
        checking = checking.then(async () => {
          if (!(await condition())) return;
          clearTimeout(timer);
          listener.dispose();
          resolve();
        }, reject);
      };
      const listener = changes(check);
      check();
    });
  }

  const runState = async (dir: string) => {
    const run = await findRun(dir);
    return run === undefined
      ? undefined
      : tokensOf(await itemOf(run)).find((token) => token.startsWith('status-'));
  };

  it('shows a run started from a terminal as it appears and once it completes, with its checkpoints and files', async () => {
    assert.ok(Array.isArray(await childrenOf()), 'the first look starts the watchers');
    const child = spawn('node', [CLI, 'train', '--app-state', FIXTURE.appState], {
      cwd: workspaceDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trainer = child;
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const dir = await new Promise<string>((resolve, reject) => {
      const found = () => {
        const match = /^Experiment folder: (.+)$/m.exec(log);
        if (match?.[1]) resolve(match[1].trim());
      };
      child.stderr.on('data', found);
      child.stdout.on('data', found);
      void exited.then(() => {
        reject(new Error(`the CLI ended before naming its experiment folder:\n${log}`));
      });
    });
    made.push(dir);

    await afterTreeChanges(async () => (await findRun(dir)) !== undefined, 'the new run into the tree');
    let state: string | undefined;
    await afterTreeChanges(
      async () => {
        state = await runState(dir);
        return state !== 'status-running';
      },
      'the run’s end',
      () => `The tree shows ${String(state)}; the CLI wrote:\n${log}`,
    );
    assert.equal(state, 'status-completed', log);
    assert.equal(await exited, 0, log);

    const run = await findRun(dir);
    const item = await itemOf(run);
    assert.deepEqual(iconOf(item), { id: 'pass', color: 'testing.iconPassed' });
    assert.match(String(item.description), /^accuracy \d\.\d{4}$/);
    // Finalise evaluated the run and wrote its report, so Open Evaluation Report is offered.
    assert.deepEqual(tokensOf(item), [
      'run',
      'status-completed',
      'rerunnable',
      'has-checkpoints',
      'has-report',
    ]);
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    assert.match(
      item.tooltip.value,
      /Model: Classifier\\-S/,
      'the tooltip names the model (markdown-escaped)',
    );

    const groups = await Promise.all(
      (await childrenOf(run)).map(async (group) => labelOf(await itemOf(group))),
    );
    assert.deepEqual(groups, ['Checkpoints', 'Logs', 'Files']);
    const best = await childNamed(await childNamed(run, 'Checkpoints'), 'best.json');
    const bestItem = await itemOf(best);
    assert.equal(bestItem.contextValue, 'checkpoint best');
    assert.deepEqual(iconOf(bestItem), { id: 'star-full', color: 'charts.yellow' });
    const bestFile = path.join(dir, 'checkpoints', 'best.json');
    assert.deepEqual(
      {
        experimentDir: (best as TreeTarget).experimentDir,
        checkpointFile: (best as TreeTarget).checkpointFile,
      },
      { experimentDir: dir, checkpointFile: bestFile },
    );
    assert.equal(bestItem.command?.command, 'vscode.open');
    assert.deepEqual(bestItem.command.arguments, [vscode.Uri.file(bestFile)]);
    const last = await itemOf(await childNamed(await childNamed(run, 'Checkpoints'), 'last.json'));
    assert.equal(last.contextValue, 'checkpoint last');
    const logs = await Promise.all(
      (await childrenOf(await childNamed(run, 'Logs'))).map(async (file) => labelOf(await itemOf(file))),
    );
    assert.deepEqual(logs.slice(0, 3), ['train.log', 'metrics.jsonl', 'events.jsonl']);
    const info = await itemOf(await childNamed(await childNamed(run, 'Files'), 'experiment_info.json'));
    assert.deepEqual(info.command?.arguments, [vscode.Uri.file(path.join(dir, 'experiment_info.json'))]);
  });

  /** A run folder written by hand: experiments/tree-suite/<id>_tfjs. */
  function writeRun(id: number, status: string, lockPid?: number): string {
    const dir = path.join(workspaceDir(), 'experiments', 'tree-suite', `${String(id)}_tfjs`);
    made.push(path.dirname(dir));
    fs.mkdirSync(dir, { recursive: true });
    if (lockPid !== undefined) fs.writeFileSync(path.join(dir, '.lock'), String(lockPid));
    const info = { experiment_name: 'hand', framework_name: 'tfjs', project: 'tree-suite', status };
    fs.writeFileSync(path.join(dir, 'experiment_info.json.tmp'), JSON.stringify(info));
    fs.renameSync(path.join(dir, 'experiment_info.json.tmp'), path.join(dir, 'experiment_info.json'));
    return dir;
  }

  it('follows a run’s status from running to completed as its files change', async () => {
    await childrenOf();
    const dir = writeRun(901, 'running', process.pid);
    await afterTreeChanges(async () => (await runState(dir)) === 'status-running', 'the running run');
    assert.deepEqual(iconOf(await itemOf(await findRun(dir))), { id: 'sync~spin', color: 'charts.blue' });

    fs.rmSync(path.join(dir, '.lock'));
    writeRun(901, 'completed');
    await afterTreeChanges(async () => (await runState(dir)) === 'status-completed', 'the completed status');
    assert.deepEqual(iconOf(await itemOf(await findRun(dir))), { id: 'pass', color: 'testing.iconPassed' });
  });

  it('refuses to delete a run that is still training, and says to stop it first', async () => {
    await childrenOf();
    const dir = writeRun(902, 'running', process.pid);
    await afterTreeChanges(async () => (await findRun(dir)) !== undefined, 'the live run');
    const run = await findRun(dir);
    assert.ok(tokensOf(await itemOf(run)).includes('live'));

    const errorsBefore = errors.length;
    // A refusal comes before the confirmation: a modal here would never be answered, and this would time out.
    await feature.commands['trainStudio.deleteExperiment'](run, [run]);
    assert.ok(fs.existsSync(path.join(dir, 'experiment_info.json')), 'the folder is still there');
    const reported = errors.slice(errorsBefore).join('\n');
    assert.match(reported, /tree-suite\/902_tfjs is still training/);
  });

  it('opens a run’s log and its experiment_info.json, and says when there is no log', async () => {
    const dir = writeRun(903, 'completed');
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.writeFileSync(path.join(dir, 'logs', 'train.log'), 'epoch 1/1 done\n');
    const activeFile = () => vscode.window.activeTextEditor?.document.uri.fsPath;

    await feature.commands['trainStudio.showRunLog']({ experimentDir: dir });
    assert.equal(activeFile(), path.join(dir, 'logs', 'train.log'));
    await feature.commands['trainStudio.openExperimentInfo']({ experimentDir: dir });
    assert.equal(activeFile(), path.join(dir, 'experiment_info.json'));

    const withoutLog = writeRun(904, 'failed');
    const errorsBefore = errors.length;
    await feature.commands['trainStudio.showRunLog']({ experimentDir: withoutLog });
    assert.match(
      errors.slice(errorsBefore).join('\n'),
      /logs\/train\.log does not exist: the run has no log yet/,
    );
    assert.equal(activeFile(), path.join(dir, 'experiment_info.json'), 'nothing else opened');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('creates the sample training setup in the workspace folder and opens its app_state.json', async () => {
    const dir = (await feature.commands['trainStudio.createSample']()) as string;
    made.push(dir);
    assert.equal(path.dirname(dir), workspaceDir());
    for (const file of ['app_state.json', 'hyperparameters.yaml', 'app_options.yaml', 'shapes/meta.json']) {
      assert.ok(fs.existsSync(path.join(dir, file)), file);
    }
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(dir, 'app_state.json'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('redraws the whole tree only when this window’s runs start or end, not as they progress', async () => {
    // A whole refresh drops every item VS Code holds: a context-menu command arriving during one (Stop on
    // a training run) would get no item. Progress redraws the run alone.
    const changed = new vscode.EventEmitter<void>();
    const live: TrainerRun[] = [];
    const liveRuns: RunServices['liveRuns'] = {
      get runs() {
        return live;
      },
      find: () => undefined,
      onDidChange: changed.event,
    };
    const host: WorkbenchHost = {
      context: { extensionPath: REPO_ROOT } as vscode.ExtensionContext,
      output: recordingOutput(errors),
      cliPath: CLI,
    };
    const watched = createTree(host, { ...standInRuns(), liveRuns });
    const wholeRefreshes: unknown[] = [];
    const listener = watched.provider.onDidChangeTreeData?.((node) => {
      if (node === undefined) wholeRefreshes.push(node);
    });
    try {
      await watched.provider.getChildren();
      for (let i = 0; i < 3; i++) changed.fire();
      assert.equal(wholeRefreshes.length, 0, 'progress of the same runs refreshed the whole tree');
      const progress = new vscode.EventEmitter<RunProgress>();
      live.push({ id: 'run-1', onProgress: progress.event } as unknown as TrainerRun);
      changed.fire();
      changed.fire();
      assert.equal(wholeRefreshes.length, 1, 'a run that starts refreshes the tree once');
      live.pop();
      changed.fire();
      assert.equal(wholeRefreshes.length, 2, 'a run that ends refreshes the tree once');
      progress.dispose();
    } finally {
      listener?.dispose();
      watched.dispose();
      changed.dispose();
    }
  });
});
