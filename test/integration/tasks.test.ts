import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, INTERNAL_COMMANDS, SETTINGS, TASK_TYPE } from '../../src/extension/ids';
import { trainStudio, visibleOutputText, waitFor } from './host';
import { eventually, experimentFolders, readInfo, workspaceDir, writeLongAppState } from './runsSupport';
import { FIXTURE } from './workspaceFixture';

// The `trainstudio` task type through VS Code itself: the tasks the extension offers and resolves, run in
// their pseudoterminals against real trainer processes. A terminal's text cannot be read through the API, so
// what a run did is read from its experiment folder and from the output channel's run log.

const experimentsDir = () => path.join(workspaceDir(), 'experiments');

async function fetchTask(name: string): Promise<vscode.Task> {
  const tasks = await vscode.tasks.fetchTasks({ type: TASK_TYPE });
  const task = tasks.find((candidate) => candidate.name === name);
  assert.ok(task, `no task '${name}' among ${tasks.map((candidate) => candidate.name).join(', ')}`);
  return task;
}

interface Started {
  readonly execution: vscode.TaskExecution;
  /** The task process's exit code, as VS Code reports it. */
  readonly exitCode: Promise<number | undefined>;
}

async function execute(task: vscode.Task): Promise<Started> {
  const ends: vscode.TaskProcessEndEvent[] = [];
  const listening = vscode.tasks.onDidEndTaskProcess((end) => ends.push(end));
  const execution = await vscode.tasks.executeTask(task);
  const exitCode = eventually(
    () => ends.find((end) => end.execution === execution),
    `task '${task.name}' to end`,
    240_000,
  ).then((end) => {
    listening.dispose();
    return end.exitCode;
  });
  return { execution, exitCode };
}

/** The experiment folder that appeared since `before`. */
const newFolder = (before: ReadonlySet<string>) =>
  eventually(
    () => [...experimentFolders(experimentsDir())].find((dir) => !before.has(dir)),
    'a new experiment folder',
  );

/** The output channel as shown, once it has a line matching `pattern`. */
async function outputLine(pattern: RegExp): Promise<string> {
  await vscode.commands.executeCommand(COMMANDS.showOutput);
  let found: string | undefined;
  await waitFor(
    () => {
      found = visibleOutputText()
        .flatMap((text) => text.split('\n'))
        .find((line) => pattern.test(line));
      return found !== undefined;
    },
    `an output line matching ${String(pattern)}`,
    30_000,
  );
  return found ?? '';
}

/** The status bar's click brings the live run's task terminal forward, from behind another terminal. */
async function showsItsTerminal(taskName: string): Promise<void> {
  const closed = new vscode.EventEmitter<number | undefined>();
  const other = vscode.window.createTerminal({
    name: 'another terminal',
    pty: {
      onDidWrite: new vscode.EventEmitter<string>().event,
      onDidClose: closed.event,
      open: () => undefined,
      close: () => undefined,
    },
  });
  try {
    other.show();
    await waitFor(() => vscode.window.activeTerminal === other, 'another terminal to be active');
    await vscode.commands.executeCommand(INTERNAL_COMMANDS.showLiveRun);
    await waitFor(
      () => vscode.window.activeTerminal?.name === taskName,
      `the terminal of '${taskName}' to be active`,
    );
  } finally {
    other.dispose();
    closed.dispose();
  }
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('trainstudio tasks', function () {
  this.timeout(300_000);
  before(async () => {
    await trainStudio().activate();
  });

  it('offers the app_state.json, runs it to completion, and reports exit code 0', async () => {
    const before = experimentFolders(experimentsDir());
    const { exitCode } = await execute(await fetchTask(FIXTURE.appState));
    assert.equal(await exitCode, 0);
    const dir = await newFolder(before);
    assert.equal(readInfo(dir).status, 'completed');
    await outputLine(
      new RegExp(
        `Run \\w+ \\(${escaped(FIXTURE.appState)}\\) ended: exit code 0, status completed, experiment ${escaped(dir)}$`,
      ),
    );
  });

  it("offers no app_state under node_modules or the experiments folder (past runs' copies)", async () => {
    const ignored = path.join(workspaceDir(), 'node_modules', 'some-package', 'app_state.json');
    fs.mkdirSync(path.dirname(ignored), { recursive: true });
    fs.copyFileSync(path.join(workspaceDir(), FIXTURE.appState), ignored);
    const offered = path.join(workspaceDir(), 'configs', 'other.app_state.json');
    fs.mkdirSync(path.dirname(offered), { recursive: true });
    fs.copyFileSync(path.join(workspaceDir(), FIXTURE.appState), offered);
    try {
      assert.ok(
        [...experimentFolders(experimentsDir())].some((dir) =>
          fs.existsSync(path.join(dir, 'app_state.json')),
        ),
        'precondition: a past run left its app_state.json',
      );
      const names = (await vscode.tasks.fetchTasks({ type: TASK_TYPE })).map((task) => task.name);
      for (const name of [FIXTURE.appState, 'configs/other.app_state.json'])
        assert.ok(names.includes(name), name);
      assert.deepEqual(
        names.filter((name) => /^(node_modules|experiments)\//.test(name)),
        [],
        `offered: ${names.join(', ')}`,
      );
    } finally {
      fs.rmSync(path.join(workspaceDir(), 'node_modules'), { recursive: true, force: true });
      fs.rmSync(path.join(workspaceDir(), 'configs'), { recursive: true, force: true });
    }
  });

  describe('from tasks.json', () => {
    const tasksFile = () => path.join(workspaceDir(), '.vscode', 'tasks.json');
    before(() => {
      fs.mkdirSync(path.dirname(tasksFile()), { recursive: true });
      fs.writeFileSync(
        tasksFile(),
        JSON.stringify({
          version: '2.0.0',
          tasks: [
            {
              type: TASK_TYPE,
              label: 'inline shapes',
              project: FIXTURE.classFolders,
              model: 'Classifier-S',
              classes: ['disc', 'square'],
              hyperparameters: { epochs: 2, batch_size: 4, input_size: 32, checkpoint_freq: 1, seed: 11 },
            },
            {
              type: TASK_TYPE,
              label: 'two kinds',
              appState: FIXTURE.appState,
              project: FIXTURE.classFolders,
            },
          ],
        }),
      );
    });
    after(() => {
      fs.rmSync(path.dirname(tasksFile()), { recursive: true, force: true });
    });

    /** VS Code reads tasks.json on its own schedule. */
    const configured = (label: string) =>
      eventually(
        async () => (await vscode.tasks.fetchTasks({ type: TASK_TYPE })).find((task) => task.name === label),
        `the tasks.json task '${label}'`,
        30_000,
      );

    it('trains an inline run (project, model, classes, hyperparameters) through resolveTask', async () => {
      const before = experimentFolders(experimentsDir());
      const { exitCode } = await execute(await configured('inline shapes'));
      assert.equal(await exitCode, 0);
      const dir = await newFolder(before);
      const info = readInfo(dir);
      assert.equal(info.status, 'completed');
      const appState = JSON.parse(fs.readFileSync(path.join(dir, 'app_state.json'), 'utf8')) as {
        classes: string[];
        hyperparameters: string;
      };
      assert.deepEqual(appState.classes, ['disc', 'square']);
      assert.match(appState.hyperparameters, /^epochs: 2$/m);
      await outputLine(
        new RegExp(`\\(inline shapes\\) ended: exit code 0, status completed, experiment ${escaped(dir)}$`),
      );
    });

    it('ends a definition that is two kinds of run with exit code 2, starting nothing', async () => {
      const before = experimentFolders(experimentsDir());
      const { exitCode } = await execute(await configured('two kinds'));
      assert.equal(await exitCode, 2);
      assert.deepEqual(experimentFolders(experimentsDir()), before);
    });
  });

  it('ends with exit code 1, training nothing, when trainStudio.nodePath names no Node', async () => {
    const before = experimentFolders(experimentsDir());
    const settings = vscode.workspace.getConfiguration(SETTINGS.section);
    await settings.update(
      SETTINGS.nodePath,
      path.join(workspaceDir(), 'no-such-node'),
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      const { exitCode } = await execute(await fetchTask(FIXTURE.appState));
      assert.equal(await exitCode, 1);
      assert.deepEqual(experimentFolders(experimentsDir()), before);
    } finally {
      await settings.update(SETTINGS.nodePath, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('terminating the task stops the run gracefully: the trainer saves `last`, finalises as stopped, exits 0', async () => {
    const long = writeLongAppState(path.join(workspaceDir(), 'long.app_state.json'));
    try {
      const before = experimentFolders(experimentsDir());
      const { execution, exitCode } = await execute(await fetchTask('long.app_state.json'));
      const dir = await newFolder(before);
      await eventually(
        () => (fs.existsSync(path.join(dir, 'checkpoints', 'epoch_1.json')) ? true : undefined),
        'the first epoch',
      );
      await showsItsTerminal('long.app_state.json');
      execution.terminate();
      // VS Code closes the terminal of a terminated task, so it reports no exit code; the run log has it.
      assert.equal(await exitCode, undefined);
      await outputLine(
        /\(long\.app_state\.json\): stopping: finishing the batch, saving and finalising \(killed if still running after 60 s\)$/,
      );
      const ended = await outputLine(
        new RegExp(`\\(long\\.app_state\\.json\\) ended: .*experiment ${escaped(dir)}$`),
      );
      assert.match(ended, /ended: exit code 0, status stopped, experiment /);
      assert.equal(readInfo(dir).status, 'stopped');
      assert.ok(fs.existsSync(path.join(dir, 'checkpoints', 'last.json')), 'no last checkpoint');
    } finally {
      fs.rmSync(long, { force: true });
    }
  });
});
