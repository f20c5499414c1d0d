import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, DEBUG_TYPE, SETTINGS } from '../../src/extension/ids';
import { trainStudio, waitFor } from './host';
import { recordMessages } from './messages';
import {
  CLI,
  debugProvider,
  PROBE_FRAMEWORK_DIR,
  PROBE_MARKS,
  probeExperiments,
  workspaceFolder,
  writeProbeAppState,
} from './debugSupport';

// The `trainstudio` debug type in the real VS Code with its real JavaScript debugger (js-debug, bundled
// with code-server): a breakpoint in a user's TypeScript start module stops the trainer on that line of
// the .ts file, the run then trains to the end, and Stop ends it gracefully.

const TRAINING_MS = 180_000;
const APP_STATE = 'probe.app_state.json';
const SLOW_APP_STATE = 'slow-probe.app_state.json';

// The parts of the Debug Adapter Protocol the tests read.
interface StoppedBody {
  readonly reason: string;
  readonly threadId?: number;
}
interface StackTraceBody {
  readonly stackFrames: readonly { id: number; line: number; source?: { path?: string } }[];
}
interface Stop {
  readonly session: vscode.DebugSession;
  readonly body: StoppedBody;
}

/** A debug launch of the probe, followed: its `stopped` events and the end of its top-level session. */
interface DebuggedRun {
  readonly stops: Stop[];
  readonly ended: Promise<void>;
  isOver(): boolean;
  dispose(): void;
}

async function debugProbe(
  name: string,
  appState = APP_STATE,
  options?: vscode.DebugSessionOptions,
): Promise<DebuggedRun> {
  const stops: Stop[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: StoppedBody }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body) {
          stops.push({ session, body: message.body });
        }
      },
    }),
  });
  let over = false;
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.name === name && session.parentSession === undefined) {
        over = true;
        listener.dispose();
        resolve();
      }
    });
  });
  const started = await vscode.debug.startDebugging(
    workspaceFolder(),
    { type: DEBUG_TYPE, request: 'launch', name, appState: `\${workspaceFolder}/${appState}` },
    options,
  );
  assert.ok(started, 'the debug session did not start');
  return {
    stops,
    ended,
    isOver: () => over,
    dispose: () => {
      tracker.dispose();
    },
  };
}

/** The first stop of the run; fails when the run ends without one. */
async function firstStop(run: DebuggedRun): Promise<Stop> {
  await waitFor(() => run.stops.length > 0 || run.isOver(), 'a breakpoint to be hit', TRAINING_MS);
  const [stop] = run.stops;
  assert.ok(stop, 'the run ended without stopping at the breakpoint');
  assert.equal(stop.body.reason, 'breakpoint', JSON.stringify(stop.body));
  return stop;
}

const probeSource = () => path.join(workspaceFolder().uri.fsPath, PROBE_FRAMEWORK_DIR, 'train.ts');

/** Sets a breakpoint on the line of the module that `mark` marks; returns that line (0-based). */
function breakAt(mark: string): number {
  const line = fs
    .readFileSync(probeSource(), 'utf8')
    .split('\n')
    .findIndex((text) => text.includes(mark));
  assert.ok(line >= 0, `${mark} is not in ${probeSource()}`);
  vscode.debug.addBreakpoints([
    new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(probeSource()), new vscode.Position(line, 0)),
    ),
  ]);
  return line;
}

interface ExperimentInfo {
  readonly status: string;
  readonly checkpoints: readonly string[];
}
const experimentInfo = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'experiment_info.json'), 'utf8')) as ExperimentInfo;

/** The one experiment folder made since `before` was listed. */
function newExperiment(before: readonly string[], experimentsDir?: string): string {
  const made = probeExperiments(experimentsDir).filter((dir) => !before.includes(dir));
  assert.equal(made.length, 1, `new experiment folders: ${made.join(', ')}`);
  return made[0] ?? '';
}

describe('debugging training', function () {
  this.timeout(TRAINING_MS + 60_000);

  before(async () => {
    await trainStudio().activate();
    writeProbeAppState(APP_STATE);
  });

  afterEach(() => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  /** Debugs the probe with a breakpoint in its .ts file, with new experiments going to `experimentsDir`. */
  async function stopAtBreakpointThenFinish(experimentsDir: string): Promise<void> {
    const line = breakAt(PROBE_MARKS.afterTraining);
    const before = probeExperiments(experimentsDir);
    const run = await debugProbe('Debug the probe');
    try {
      const stop = await firstStop(run);
      const threadId = stop.body.threadId ?? 0;
      const trace = (await stop.session.customRequest('stackTrace', {
        threadId,
        startFrame: 0,
        levels: 1,
      })) as StackTraceBody;
      const [frame] = trace.stackFrames;
      assert.ok(frame, 'no stack frame at the stop');
      // A path, or in a remote window (code-server) a vscode-remote URI of it.
      assert.equal(
        vscode.Uri.parse(frame.source?.path ?? '').fsPath,
        probeSource(),
        'the stop is not in the .ts file',
      );
      assert.equal(frame.line, line + 1, 'the stop is not on the marked line of the .ts file');
      // The TypeScript locals are there, with the values of the run so far.
      const value = (await stop.session.customRequest('evaluate', {
        expression: 'checkpoints.length',
        frameId: frame.id,
        context: 'watch',
      })) as { result: string };
      assert.equal(value.result, '2');
      await waitFor(
        () => vscode.debug.activeStackItem instanceof vscode.DebugStackFrame,
        'the editor to show the stopped frame',
      );

      // What VS Code launched: our rewrite into a `node` launch of the CLI, as js-debug received it.
      const launched = (stop.session.parentSession ?? stop.session).configuration;
      assert.equal(launched.program, CLI);
      assert.deepEqual(launched.args, [
        'train',
        '--app-state',
        path.join(workspaceFolder().uri.fsPath, APP_STATE),
        '--experiments',
        experimentsDir,
      ]);

      await stop.session.customRequest('continue', { threadId });
      await run.ended;
    } finally {
      run.dispose();
    }
    assert.equal(run.stops.length, 1, 'it stopped more than once');
    assert.equal(experimentInfo(newExperiment(before, experimentsDir)).status, 'completed');
  }

  it('stops at a breakpoint in the TypeScript start module, on its line of the .ts file, then trains to the end', async () => {
    await stopAtBreakpointThenFinish(path.join(workspaceFolder().uri.fsPath, 'experiments'));
  });

  it('stops there too when the experiments folder is outside the workspace folder', async () => {
    // The module is compiled into the run's work folder, then outside the folder js-debug trusts by default.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'train-studio-experiments-'));
    const section = vscode.workspace.getConfiguration(SETTINGS.section);
    await section.update(SETTINGS.experimentsFolder, outside, vscode.ConfigurationTarget.Workspace);
    try {
      await stopAtBreakpointThenFinish(outside);
    } finally {
      await section.update(SETTINGS.experimentsFolder, undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('stops the run gracefully on Stop: the trainer keeps what it saved and finalises the folder', async () => {
    // Long enough that the run is still training when the stop arrives (the default probe is over in a blink).
    const epochs = 100;
    writeProbeAppState(SLOW_APP_STATE, `epochs: ${String(epochs)}\nepoch_ms: 100\n`);
    breakAt(PROBE_MARKS.inEpoch);
    const before = probeExperiments();
    const run = await debugProbe('Stop the probe', SLOW_APP_STATE);
    try {
      const stop = await firstStop(run);
      await vscode.debug.stopDebugging(stop.session.parentSession ?? stop.session);
      await run.ended;
    } finally {
      run.dispose();
    }
    // The trainer finishes after the session: SIGTERM (not SIGKILL) asked it to stop after the epoch. A
    // killed one never finalises its folder, which stays `running`.
    const experimentDir = newExperiment(before);
    await waitFor(
      () => experimentInfo(experimentDir).status !== 'running',
      'the folder to be finalised',
      60_000,
    );
    const info = experimentInfo(experimentDir);
    assert.equal(info.status, 'stopped');
    assert.ok(
      info.checkpoints.length >= 1 && info.checkpoints.length < epochs,
      String(info.checkpoints.length),
    );
  });

  it('runs without the debugger on Run Without Debugging: a breakpoint does not stop it', async () => {
    breakAt(PROBE_MARKS.afterTraining);
    const before = probeExperiments();
    const run = await debugProbe('Run the probe', APP_STATE, { noDebug: true });
    try {
      await waitFor(() => run.isOver() || run.stops.length > 0, 'the run to end', TRAINING_MS);
      assert.deepEqual(run.stops, [], 'it stopped at the breakpoint');
    } finally {
      if (!run.isOver()) await vscode.debug.stopDebugging();
      run.dispose();
    }
    assert.equal(experimentInfo(newExperiment(before)).status, 'completed');
  });

  it('re-runs an experiment with the debugger from the app_state.json it saved', async () => {
    const [experimentDir] = probeExperiments();
    assert.ok(experimentDir, 'precondition: the breakpoint test trained an experiment');
    const before = probeExperiments();
    const runName = `Re-run shapes/${path.basename(experimentDir)}`;
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const listener = vscode.debug.onDidStartDebugSession((session) => {
        listener.dispose();
        resolve(session);
      });
    });
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.name === runName && session.parentSession === undefined) {
          listener.dispose();
          resolve();
        }
      });
    });
    assert.equal(await vscode.commands.executeCommand(COMMANDS.debugRun, { experimentDir }), true);
    const session = await started;
    assert.equal(session.name, runName);
    assert.deepEqual((session.configuration.args as string[]).slice(0, 3), [
      'train',
      '--app-state',
      path.join(experimentDir, 'app_state.json'),
    ]);
    await ended;
    assert.equal(experimentInfo(newExperiment(before)).status, 'completed');
  });

  it('debugs the app_state.json open in the editor when the configuration names none (F5 without launch.json)', async () => {
    const file = path.join(workspaceFolder().uri.fsPath, APP_STATE);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const before = probeExperiments();
    const name = 'From the editor';
    const ended = new Promise<vscode.DebugSession>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.name === name && session.parentSession === undefined) {
          listener.dispose();
          resolve(session);
        }
      });
    });
    try {
      assert.ok(
        await vscode.debug.startDebugging(workspaceFolder(), { type: DEBUG_TYPE, request: 'launch', name }),
      );
      const session = await ended;
      assert.deepEqual((session.configuration.args as string[]).slice(0, 3), ['train', '--app-state', file]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    assert.equal(experimentInfo(newExperiment(before)).status, 'completed');
  });

  it('says so when an experiment has no app_state.json to re-run, and starts nothing', async () => {
    const experimentDir = path.join(workspaceFolder().uri.fsPath, 'experiments', 'shapes', '99_unsaved');
    fs.mkdirSync(experimentDir, { recursive: true });
    const messages = recordMessages();
    try {
      assert.equal(await vscode.commands.executeCommand(COMMANDS.debugRun, { experimentDir }), false);
      await waitFor(
        () =>
          messages.shown.some((text) => text.startsWith(`${experimentDir} has no app_state.json to re-run.`)),
        `the message naming ${experimentDir} (shown: ${JSON.stringify(messages.shown)})`,
      );
    } finally {
      messages.dispose();
      fs.rmSync(experimentDir, { recursive: true, force: true });
    }
  });

  it('names a missing app_state file and starts nothing', async () => {
    const messages = recordMessages();
    let sessions = 0;
    const listener = vscode.debug.onDidStartDebugSession(() => (sessions += 1));
    const missing = path.join(workspaceFolder().uri.fsPath, 'gone', 'app_state.json');
    try {
      const started = await vscode.debug.startDebugging(workspaceFolder(), {
        type: DEBUG_TYPE,
        request: 'launch',
        name: 'Missing',
        appState: '${workspaceFolder}/gone/app_state.json',
      });
      assert.equal(started, false);
      await waitFor(
        () =>
          messages.shown.some((text) =>
            text.includes(`Cannot debug training from ${missing}: it does not exist.`),
          ),
        'the message naming the file',
      );
    } finally {
      messages.dispose();
      listener.dispose();
    }
    assert.equal(sessions, 0, 'a debug session started');
  });

  it('offers one configuration per app_state file of the folder, not the experiments’ copies nor packages’', async () => {
    const dir = workspaceFolder().uri.fsPath;
    for (const file of ['configs/detector.app_state.json', 'node_modules/some-package/app_state.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), '{}\n');
    }
    assert.ok(probeExperiments().length > 0, 'precondition: experiments with their own app_state.json');
    const configurations = (await debugProvider().provideDebugConfigurations(workspaceFolder())) ?? [];
    const names = configurations.map((configuration) => configuration.name);
    for (const expected of [
      'Train app_state.json',
      `Train ${APP_STATE}`,
      'Train configs/detector.app_state.json',
    ]) {
      assert.ok(names.includes(expected), `${expected} is not in ${names.join(', ')}`);
    }
    assert.deepEqual(
      names.filter((name) => /node_modules|experiments\//.test(name)),
      [],
      'an experiment’s or a package’s app_state file is offered',
    );
    for (const configuration of configurations) {
      const relative = configuration.name.slice('Train '.length);
      assert.deepEqual(configuration, {
        type: DEBUG_TYPE,
        request: 'launch',
        name: `Train ${relative}`,
        appState: `\${workspaceFolder}/${relative}`,
      });
      assert.ok(fs.existsSync(path.join(dir, relative)), relative);
    }
  });
});
