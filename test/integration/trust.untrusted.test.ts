import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { COMMANDS, DEBUG_TYPE } from '../../src/extension/ids';
import type { TrainStudioApi } from '../../src/extension/workbench/api/types';
import { trainStudio, waitFor } from './host';
import type { MessageLog } from './messages';
import { recordMessages } from './messages';
import { CLI, debugProvider, probeExperiments, workspaceFolder, writeProbeAppState } from './debugSupport';

// Run by test/integration/run.ts in a second pass, with the folder in Restricted Mode (an untrusted
// workspace): Train Studio validates configs and shows experiments, but starts, resumes and debugs
// nothing, and says why.

const APP_STATE = 'probe.app_state.json';
const REFUSAL =
  /^Train Studio does not (.+) in an untrusted workspace, because training runs code from the workspace\./;

/** The experiment the suite browses and tries to resume and re-run, trained from a terminal beforehand. */
async function trainFromTerminal(appState: string): Promise<string> {
  await promisify(execFile)(process.execPath, [CLI, 'train', '--app-state', appState], {
    cwd: workspaceFolder().uri.fsPath,
  });
  const [experimentDir] = probeExperiments();
  assert.ok(experimentDir, 'the terminal run made no experiment folder');
  return experimentDir;
}

describe('an untrusted workspace', function () {
  this.timeout(120_000);
  let appState: string;
  let experimentDir: string;
  let messages: MessageLog;
  let sessions: vscode.DebugSession[];
  let sessionListener: vscode.Disposable;

  before(async () => {
    appState = writeProbeAppState(APP_STATE);
    experimentDir = await trainFromTerminal(appState);
    await trainStudio().activate();
  });

  beforeEach(() => {
    messages = recordMessages();
    sessions = [];
    sessionListener = vscode.debug.onDidStartDebugSession((session) => sessions.push(session));
  });

  afterEach(() => {
    messages.dispose();
    sessionListener.dispose();
  });

  /**
   * Waits for the refusal, of `action` when given (the commands word their own), and checks that nothing
   * was started.
   */
  async function assertRefused(experimentsBefore: readonly string[], action?: string): Promise<void> {
    await waitFor(
      () =>
        messages.shown.some((text) => {
          const refused = REFUSAL.exec(text)?.[1];
          return refused !== undefined && (action === undefined || refused === action);
        }),
      `"Train Studio does not ${action ?? '…'} in an untrusted workspace…" (shown: ${JSON.stringify(messages.shown)})`,
    );
    assert.deepEqual(probeExperiments(), experimentsBefore, 'an experiment folder appeared');
    assert.deepEqual(
      sessions.map((session) => session.name),
      [],
      'a debug session started',
    );
  }

  it('is untrusted, with Train Studio active in it', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'precondition: the folder opened in Restricted Mode');
    assert.equal(trainStudio().isActive, true);
  });

  it('still validates configs: a broken hyperparameters.yaml gets its diagnostics', async () => {
    const file = path.join(workspaceFolder().uri.fsPath, 'untrusted', 'hyperparameters.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'epochs: 10\noptimizer:\n  lr: 50\n');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const ours = () =>
      vscode.languages
        .getDiagnostics(document.uri)
        .filter((diagnostic) => diagnostic.source === 'Train Studio');
    await waitFor(() => ours().length > 0, 'Train Studio diagnostics on the broken file');
    assert.match(ours()[0]?.message ?? '', /`lr`.*at most 10/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('still shows experiments: the API compares the run trained from the terminal', async () => {
    const api = trainStudio().exports as TrainStudioApi;
    const table = await api.compare([experimentDir]);
    assert.deepEqual(
      table.experiments.map((experiment) => [experiment.folder, experiment.status]),
      [[experimentDir, 'completed']],
    );
  });

  it('refuses to start training, and says why', async () => {
    const before = probeExperiments();
    await vscode.commands.executeCommand(COMMANDS.start, vscode.Uri.file(appState));
    await assertRefused(before);
  });

  it('refuses to resume an experiment, and says why', async () => {
    const before = probeExperiments();
    await vscode.commands.executeCommand(COMMANDS.resume, { experimentDir });
    await assertRefused(before);
  });

  it('refuses Re-run with Debugger, and says why', async () => {
    const before = probeExperiments();
    assert.equal(await vscode.commands.executeCommand(COMMANDS.debugRun, { experimentDir }), false);
    await assertRefused(before, 'debug training');
  });

  it('refuses to open an evaluation report (it would go to the OS default app), and says why', async () => {
    const before = probeExperiments();
    const opened = await vscode.commands.executeCommand(COMMANDS.openEvaluationReport, { experimentDir });
    assert.equal(opened, undefined);
    await assertRefused(before, 'open evaluation reports');
  });

  it('refuses to resolve a trainstudio debug launch, and says why', async () => {
    // VS Code itself asks for trust (a modal dialog) before it runs any resolver, and tests cannot answer
    // it: the resolver is called here as VS Code would call it once past that dialog.
    const before = probeExperiments();
    const resolved = await debugProvider().resolveDebugConfiguration(workspaceFolder(), {
      type: DEBUG_TYPE,
      request: 'launch',
      name: 'Debug in an untrusted workspace',
      appState: `\${workspaceFolder}/${APP_STATE}`,
    });
    assert.equal(resolved, undefined);
    await assertRefused(before, 'debug training');
  });
});
