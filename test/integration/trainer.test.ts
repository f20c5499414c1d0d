import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TrainerEvent } from '../../src/core/events';
import { SETTINGS } from '../../src/extension/ids';
import { runCliJob } from '../../src/extension/workbench/runs/cliJob';
import { LiveRunRegistry } from '../../src/extension/workbench/runs/liveRuns';
import { NodeResolver, NodeUnavailableError } from '../../src/extension/workbench/runs/nodeExecutable';
import { stopExperiment } from '../../src/extension/workbench/runs/stopExperiment';
import { ChildTrainerLauncher } from '../../src/extension/workbench/runs/trainerLauncher';
import type { RunLog } from '../../src/extension/workbench/runs/trainerLauncher';
import type { TrainerLaunch, TrainerRun } from '../../src/extension/workbench/runs/types';
import { settings } from '../../src/extension/workbench/settings';
import { RunStatusBar } from '../../src/extension/workbench/statusBar';
import { UserError } from '../../src/extension/workbench/userError';
import { REPO_ROOT } from '../paths';
import { isRunning } from '../processes';
import { FIXTURE } from './workspaceFixture';
import { eventually, experimentFolders, readInfo, workspaceDir, writeLongAppState } from './runsSupport';

// The run services as the workbench builds them, compiled by tsc and run in the real extension host against
// real trainer processes (dist/cli.js under the `node` on PATH), with the settings read from the workspace.

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** An output channel that also remembers what it was told. */
function recordingLog(): RunLog & { readonly lines: string[] } {
  const channel = vscode.window.createOutputChannel('Train Studio runs test', { log: true });
  const lines: string[] = [];
  const record =
    (level: string, write: (message: string) => void) =>
    (message: string | Error): void => {
      const text = message instanceof Error ? message.message : message;
      lines.push(`${level} ${text}`);
      write(text);
    };
  return {
    lines,
    info: record('info', (text) => {
      channel.info(text);
    }),
    warn: record('warn', (text) => {
      channel.warn(text);
    }),
    error: record('error', (text) => {
      channel.error(text);
    }),
  };
}

async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration(SETTINGS.section)
    .update(name, value, vscode.ConfigurationTarget.Workspace);
}

interface Recorded {
  readonly events: TrainerEvent[];
  readonly humanLines: string[];
}

/** Resolves once the run trains `epoch`; rejects, with its log, if it ends before. */
async function untilEpoch(run: TrainerRun, recorded: Recorded, epoch: number): Promise<void> {
  let ended = false;
  void run.exit.then(() => (ended = true));
  await eventually(
    () => {
      if ((run.progress.epoch ?? 0) >= epoch) return true;
      if (ended)
        throw new Error(`the run ended before epoch ${String(epoch)}:\n${recorded.humanLines.join('\n')}`);
      return undefined;
    },
    `epoch ${String(epoch)}`,
  );
}

function record(run: TrainerRun): Recorded {
  const recorded: Recorded = { events: [], humanLines: [] };
  run.onEvent((event) => recorded.events.push(event));
  run.onHumanLine((line) => recorded.humanLines.push(line));
  return recorded;
}

describe('trainer processes', function () {
  this.timeout(300_000);
  let log: ReturnType<typeof recordingLog>;
  let liveRuns: LiveRunRegistry;
  let launcher: ChildTrainerLauncher;
  let experimentsDir: string;
  let scratch: string;
  const node = new NodeResolver({ cliPath: CLI, version: VERSION, nodePath: settings.nodePath });
  const launch = (args: readonly string[]): TrainerLaunch => ({
    args,
    cwd: workspaceDir(),
    label: 'test run',
  });

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-trainer-test-'));
    experimentsDir = path.join(scratch, 'experiments');
    log = recordingLog();
    liveRuns = new LiveRunRegistry();
    launcher = new ChildTrainerLauncher({
      cliPath: CLI,
      log,
      nodeExecutable: () => node.resolve(),
      stopTimeoutMs: settings.stopTimeoutMs,
      onStarted: (run) => {
        liveRuns.add(run);
      },
    });
  });
  after(() => {
    liveRuns.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('checks trainStudio.nodePath, and names a missing file with the fix', async () => {
    const missing = path.join(scratch, 'no-such-node');
    await setSetting(SETTINGS.nodePath, missing);
    try {
      const error = await node.resolve().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof NodeUnavailableError, String(error));
      assert.ok(error instanceof UserError);
      assert.equal(
        error.message,
        `Train Studio cannot start the trainer with ${missing} (the setting trainStudio.nodePath): it was not found.`,
      );
      assert.match(error.hint, /Set trainStudio\.nodePath to a Node\.js 20\.15 \(or newer\) executable/);
      await assert.rejects(launcher.start(launch(['--version'])), NodeUnavailableError, 'no trainer starts');
    } finally {
      await setSetting(SETTINGS.nodePath, undefined);
    }
    assert.equal(await node.resolve(), 'node', 'the setting cleared: the `node` on PATH, checked afresh');
  });

  it('trains in a child process: events, progress, the human log, the status bar, the output channel', async () => {
    const statusBar = new RunStatusBar(liveRuns, 'noop');
    const texts: string[] = [];
    const watching = liveRuns.onDidChange(() => texts.push(statusBar.item.text));
    try {
      const run = await launcher.start(
        launch(['train', '--app-state', FIXTURE.appState, '--experiments', experimentsDir]),
      );
      const recorded = record(run);
      assert.deepEqual(liveRuns.runs, [run]);
      const dir = await run.experimentDir;
      assert.equal(path.dirname(path.dirname(dir)), experimentsDir);
      assert.equal(liveRuns.find(dir), run);
      const exit = await run.exit;
      assert.deepEqual(exit, { code: 0, signal: null, killedAfterTimeout: false });
      assert.deepEqual(liveRuns.runs, [], 'removed once it exited');
      const types = new Set(recorded.events.map((event) => event.type));
      for (const type of ['train_started', 'step_finished', 'epoch_finished', 'train_finished'] as const) {
        assert.ok(types.has(type), `no ${type} event`);
      }
      assert.equal(run.progress.phase, 'ended');
      assert.equal(run.progress.status, 'completed');
      assert.equal(run.progress.totalEpochs, 3);
      assert.ok(
        recorded.humanLines.some((line) => line.includes(`Experiment: ${dir}`)),
        recorded.humanLines.join('\n'),
      );
      assert.equal(readInfo(dir).status, 'completed');
      assert.ok(
        texts.some((text) => /^\$\(sync~spin\) test run: (starting|preparing|epoch \d\/3)/.test(text)),
        `status bar texts: ${texts.join(' | ')}`,
      );
      const started = log.lines.find((line) =>
        line.startsWith(`info Run ${run.id} (test run) started, pid `),
      );
      assert.ok(
        started?.includes(
          `${CLI} train --app-state ${FIXTURE.appState} --experiments ${experimentsDir} --events`,
        ),
        started,
      );
      assert.ok(
        log.lines.includes(
          `info Run ${run.id} (test run) ended: exit code 0, status completed, experiment ${dir}`,
        ),
        log.lines.join('\n'),
      );
    } finally {
      watching.dispose();
      statusBar.dispose();
    }
  });

  it('rejects the experiment folder of a trainer that exits before opening one, quoting its stderr', async () => {
    const missing = path.join(scratch, 'no-such-experiment');
    const run = await launcher.start(launch(['resume', missing]));
    await assert.rejects(run.experimentDir, (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(
        error.message,
        /^The trainer \(test run\) exited with code 1 before it opened an experiment folder:\n/,
      );
      assert.ok(error.message.includes(`There is no experiment folder ${missing}.`), error.message);
      return true;
    });
    assert.equal((await run.exit).code, 1);
  });

  it('never trusts a stdout line that is not an event: it is logged as a warning and skipped', async () => {
    const fakeCli = path.join(scratch, 'fake-cli.js');
    const opened = { type: 'experiment_opened', experimentDir: scratch, command: 'train' };
    const stamp = { time: new Date().toISOString(), runId: 'fake' };
    fs.writeFileSync(
      fakeCli,
      [
        "process.stdout.write('Epoch 1/3: loss=0.5\\n');",
        `process.stdout.write(${JSON.stringify(JSON.stringify({ type: 'epoch_started', epoch: 0, ...stamp }))} + '\\n');`,
        `process.stdout.write(${JSON.stringify(JSON.stringify({ ...opened, ...stamp }))} + '\\n');`,
        "process.stderr.write('a last line without its newline');",
      ].join('\n'),
    );
    const faking = new ChildTrainerLauncher({
      cliPath: fakeCli,
      log,
      nodeExecutable: () => node.resolve(),
      stopTimeoutMs: settings.stopTimeoutMs,
    });
    const run = await faking.start(launch(['train']));
    const recorded = record(run);
    assert.equal(await run.experimentDir, scratch);
    assert.equal((await run.exit).code, 0);
    assert.deepEqual(
      recorded.events.map((event) => event.type),
      ['experiment_opened'],
    );
    assert.deepEqual(recorded.humanLines, ['a last line without its newline']);
    const warnings = log.lines.filter((line) =>
      line.startsWith(`warn Run ${run.id} (test run): ignored a stdout line: `),
    );
    assert.equal(warnings.length, 2, log.lines.join('\n'));
    assert.match(warnings[0] ?? '', /not a JSON trainer event: Epoch 1\/3: loss=0\.5$/);
    assert.match(warnings[1] ?? '', /invalid trainer event at 'epoch'/);
  });

  it("stops this window's trainer gracefully: the batch finishes, `last` is saved, the folder is finalised", async () => {
    const appState = writeLongAppState(path.join(scratch, 'long.app_state.json'));
    const run = await launcher.start(
      launch(['train', '--app-state', appState, '--experiments', experimentsDir]),
    );
    const recorded = record(run);
    const dir = await run.experimentDir;
    await untilEpoch(run, recorded, 2);
    assert.equal(stopExperiment(liveRuns, dir), true);
    const exit = await run.exit;
    assert.deepEqual(exit, { code: 0, signal: null, killedAfterTimeout: false });
    assert.equal(run.progress.status, 'stopped');
    assert.equal(readInfo(dir).status, 'stopped');
    assert.ok(fs.existsSync(path.join(dir, 'checkpoints', 'last.json')), 'no last checkpoint');
    assert.equal(stopExperiment(liveRuns, dir), false, 'nothing runs there any more');
  });

  it('stops a run started elsewhere (a terminal) by SIGINT to the pid in its lock', async () => {
    const appState = writeLongAppState(path.join(scratch, 'terminal.app_state.json'));
    const before = experimentFolders(experimentsDir);
    const child = spawn('node', [CLI, 'train', '--app-state', appState, '--experiments', experimentsDir], {
      cwd: workspaceDir(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const dir = await eventually(
      () => [...experimentFolders(experimentsDir)].find((folder) => !before.has(folder)),
      'the terminal run to open its folder',
    );
    await eventually(() => {
      if (fs.existsSync(path.join(dir, 'checkpoints', 'epoch_1.json'))) return true;
      if (child.exitCode !== null) throw new Error(`the terminal run ended before epoch 1:\n${stderr}`);
      return undefined;
    }, 'epoch 1');
    assert.equal(liveRuns.find(dir), undefined, 'not one of this window’s runs');
    assert.equal(stopExperiment(liveRuns, dir), true);
    assert.equal(await closed, 0, stderr);
    assert.equal(readInfo(dir).status, 'stopped');
    assert.ok(fs.existsSync(path.join(dir, 'checkpoints', 'last.json')));
    assert.equal(stopExperiment(liveRuns, dir), false, 'its lock is gone');
  });

  it('kills a trainer that ignores the stop after trainStudio.stopTimeoutSeconds, with its program, and says so', async () => {
    const appState = path.join(scratch, 'stubborn.app_state.json');
    fs.writeFileSync(
      appState,
      JSON.stringify({
        framework: path.join(REPO_ROOT, 'test', 'fixtures', 'frameworks', 'ignores-stop'),
        input: { project: path.join(workspaceDir(), FIXTURE.supervisely, 'supervisely') },
        train_val_split: { method: 'random' },
        classes: ['square', 'triangle'],
        model: { source: 'Pretrained models', model_name: 'Fake-S' },
      }),
    );
    await setSetting(SETTINGS.stopTimeoutSeconds, 2);
    try {
      const run = await launcher.start(
        launch(['train', '--app-state', appState, '--experiments', experimentsDir]),
      );
      const recorded = record(run);
      const dir = await run.experimentDir;
      const pid = await eventually(() => {
        for (const event of recorded.events) {
          const match = event.type === 'log' ? /^trainer pid (\d+)$/.exec(event.message) : null;
          if (match) return Number(match[1]);
        }
        return undefined;
      }, "the framework's pid");
      const exit = await run.stop();
      assert.deepEqual(exit, { code: null, signal: 'SIGKILL', killedAfterTimeout: true });
      const killed = recorded.humanLines.find((line) => line.includes('Killed:'));
      assert.ok(killed, recorded.humanLines.join('\n'));
      assert.ok(
        killed.includes(
          `Killed: the trainer did not stop within 2 s of being asked (trainStudio.stopTimeoutSeconds). The experiment folder can be resumed or finalised: train-studio resume ${dir} | train-studio finalize ${dir}`,
        ),
        killed,
      );
      assert.ok(
        log.lines.some((line) =>
          line.startsWith(`warn Run ${run.id} (test run): Killed: the trainer did not stop within 2 s`),
        ),
      );
      assert.ok(
        log.lines.some((line) =>
          line.startsWith(
            `error Run ${run.id} (test run) ended: exit code 137, killed after the stop timeout`,
          ),
        ),
      );
      await eventually(
        () => (isRunning(pid) ? undefined : true),
        "the framework's program to die with the trainer",
        10_000,
      );
    } finally {
      await setSetting(SETTINGS.stopTimeoutSeconds, undefined);
    }
  });

  it('runs a CLI job under a progress notification, and logs a failing one with its stderr', async () => {
    const jobs = { cliPath: CLI, log, nodeExecutable: () => node.resolve() };
    const inspect = await runCliJob(
      {
        args: ['inspect', FIXTURE.classFolders],
        cwd: workspaceDir(),
        title: 'Inspecting',
        cancellable: true,
      },
      jobs,
    );
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.equal(inspect.cancelled, false);
    assert.match(inspect.stdout, /Classes +4\n +disc /);
    const missing = await runCliJob(
      {
        args: ['inspect', 'no-such-dataset'],
        cwd: workspaceDir(),
        title: 'Inspecting nothing',
        cancellable: false,
      },
      jobs,
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no-such-dataset/);
    assert.ok(
      log.lines.some((line) => line.startsWith('error Inspecting nothing: exit code 1\n')),
      log.lines.join('\n'),
    );
  });
});
