import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { isInsideFolder } from '../../src/data/paths';
import type { HostToWebviewMessage } from '../../src/core/panel/messages';
import { APP_STATE_GLOB, COMMANDS, PANEL_VIEW_TYPE, SETTINGS } from '../../src/extension/ids';
import type { CommandContext } from '../../src/extension/workbench/commands/context';
import { AppStateDocument } from '../../src/extension/workbench/panel/appStateDocument';
import type { RequestMessage } from '../../src/extension/workbench/panel/channel';
import { PanelController } from '../../src/extension/workbench/panel/controller';
import { reportOf } from '../../src/extension/workbench/panel/failures';
import { PanelRequests } from '../../src/extension/workbench/panel/panelRequests';
import { workspaceGuard } from '../../src/extension/workbench/panel/roots';
import type { PanelServices } from '../../src/extension/workbench/panel/services';
import { editSubject, experimentSubject } from '../../src/extension/workbench/panel/subject';
import type { PanelSubject } from '../../src/extension/workbench/panel/subject';
import { makeWorkspace } from '../unit/extension/commands/testWorkspace';
import { trainStudio, waitFor } from './host';
import { FIXTURE } from './workspaceFixture';

// The training panel's host in the real extension host: the command opens one webview panel per subject,
// and opening it again reveals that panel. What the page shows is the webview tests' concern (real
// Chromium); from here, the tabs and the files are what can be observed.

const root = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder');
  return folder.uri.fsPath;
};

/** VS Code prefixes the viewType of a webview tab (`mainThreadWebview-…`). */
const panelTabs = (): vscode.Tab[] =>
  vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PANEL_VIEW_TYPE),
    );

describe('training panel', function () {
  this.timeout(60_000);

  before(async () => {
    await trainStudio().activate();
  });

  after(async () => {
    await vscode.window.tabGroups.close(panelTabs());
  });

  it('opens one panel on an app_state file, and reveals it when opened again', async () => {
    const file = vscode.Uri.file(path.join(root(), FIXTURE.appState));
    await vscode.commands.executeCommand(COMMANDS.openPanel, file);
    await waitFor(() => panelTabs().length === 1, 'a training panel tab');
    const [tab] = panelTabs();
    assert.equal(tab?.label, `Training: ${FIXTURE.appState}`);
    // Focus elsewhere, then open the same file again (by path this time, as tasks and callers pass it).
    await vscode.window.showTextDocument(file, { preview: false });
    await vscode.commands.executeCommand(COMMANDS.openInPanel, FIXTURE.appState);
    await waitFor(() => panelTabs()[0]?.isActive === true, 'the panel revealed');
    assert.equal(panelTabs().length, 1, 'no second panel');
  });

  it('opens nothing, and changes no file, for an app_state file that does not exist', async () => {
    const missing = path.join(root(), 'missing.app_state.json');
    const before = panelTabs().length;
    await vscode.commands.executeCommand(COMMANDS.openPanel, vscode.Uri.file(missing));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(panelTabs().length, before);
    assert.equal(fs.existsSync(missing), false);
  });
});

/** Every file under `dir` with its text: what a hostile message must leave as it was. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(file, fs.readFileSync(file, 'latin1'));
  }
  return files;
}

/** Editors and tabs showing a file outside `root`: what an open of a hostile path would leave. */
const openedOutside = (root: string): string[] => [
  ...vscode.workspace.textDocuments
    .filter((document) => document.uri.scheme === 'file' && !isInsideFolder(document.uri.fsPath, root))
    .map((document) => document.uri.fsPath),
  ...vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri] : []))
    .filter((uri) => !isInsideFolder(uri.fsPath, root))
    .map((uri) => uri.fsPath),
];

describe('training panel, hostile page messages', function () {
  this.timeout(60_000);
  let ws: string;
  let outside: string;
  let experiment: string;
  let appStateFile: string;
  let output: vscode.LogOutputChannel;
  const notices: { level: string; message: string }[] = [];
  /** What the host sent the page, and how often it asked for the file's settings to be sent again. */
  const sent: HostToWebviewMessage[] = [];
  let resyncs = 0;

  const servicesOf = (): PanelServices => ({
    // Only the output and the extension's folder are used on the paths these tests take; the rest starts runs.
    commands: {
      host: { output, context: { extensionPath: trainStudio().extensionPath } },
    } as unknown as CommandContext,
    guard: workspaceGuard(),
    watchedFolders: () => [],
    openEditPanel: () => {
      throw new Error('a hostile message opened an edit panel');
    },
  });

  /** The page's requests as the panel handles them, for `subject`; notices (and failures) collected. */
  const requestsOf = (subject: PanelSubject): PanelRequests => {
    const services: PanelServices = {
      ...servicesOf(),
    };
    return new PanelRequests(subject, new AppStateDocument(subject.appStateFile, subject.mode), services, {
      notice: (level, message) => notices.push({ level, message }),
      fail: (what, error) => notices.push({ level: 'error', message: reportOf(what, error).notice }),
      edited: () => undefined,
      resync: () => {
        resyncs += 1;
      },
      send: (message) => sent.push(message),
      projectDir: () => undefined,
      collections: () => undefined,
      followedExperiment: () => undefined,
    });
  };

  /** A controller on a stand-in page: what it posts is recorded, what the page would send is fired. */
  const controllerOf = (subject: PanelSubject) => {
    const page = new vscode.EventEmitter<unknown>();
    const posted: HostToWebviewMessage[] = [];
    const panel = {
      webview: {
        postMessage: (message: HostToWebviewMessage) => {
          posted.push(message);
          return Promise.resolve(true);
        },
        onDidReceiveMessage: page.event,
      },
      reveal: () => undefined,
    } as unknown as vscode.WebviewPanel;
    return { page, posted, controller: new PanelController(panel, subject, servicesOf()) };
  };

  before(async () => {
    await trainStudio().activate();
    ws = root();
    appStateFile = path.join(ws, FIXTURE.appState);
    output = vscode.window.createOutputChannel('Train Studio panel test', { log: true });
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'panel-outside-')));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'root:x:0:0:TOP-SECRET-LINE\n');
    fs.mkdirSync(path.join(outside, 'run'));
    fs.writeFileSync(path.join(outside, 'run', 'experiment_info.json'), '{}');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'escape-link.txt'));
    // A real experiment of the workspace's experiments folder, as the trainer leaves it.
    const made = makeWorkspace('panel-hostile');
    experiment = path.join(ws, 'experiments', 'shapes', '1_hostile');
    fs.cpSync(made.experiment, experiment, { recursive: true });
    fs.rmSync(made.root, { recursive: true, force: true });
  });

  after(async () => {
    fs.rmSync(path.join(ws, 'escape-link.txt'), { force: true });
    fs.rmSync(experiment, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
    output.dispose();
    await vscode.window.tabGroups.close(panelTabs());
  });

  it('reads, opens and writes nothing outside the workspace, and says so for each message', async () => {
    const before = { workspace: snapshot(ws), outside: snapshot(outside) };
    const secret = path.join(outside, 'secret.txt');
    const editing = requestsOf(editSubject(appStateFile));
    const showing = requestsOf(experimentSubject(experiment));
    const appStateBytes = fs.readFileSync(appStateFile);
    /** `refusal`: what the notice must say, where a failure for another reason would say something else. */
    const hostile: { message: RequestMessage; requests?: PanelRequests; refusal?: RegExp }[] = [
      { message: { type: 'openFile', path: '/etc/passwd' } },
      { message: { type: 'revealFile', path: '/etc/passwd' } },
      { message: { type: 'openFile', path: `${ws}/../${path.basename(outside)}/secret.txt` } },
      { message: { type: 'revealFile', path: `${ws}/../x` } },
      { message: { type: 'openFile', path: path.join(ws, 'escape-link.txt') } },
      { message: { type: 'compare', dirs: [path.join(outside, 'run')] } },
      // In the workspace, but no experiment: compare reads experiment folders only.
      {
        message: { type: 'compare', dirs: [path.dirname(experiment)] },
        refusal: /has no experiment_info\.json/,
      },
      { message: { type: 'edit', edit: { field: 'project', value: outside } } },
      {
        message: {
          type: 'edit',
          edit: {
            field: 'split',
            value: {
              method: 'collections',
              train_collections: ['data/train.txt'],
              val_collections: [secret],
            },
          },
        },
      },
      {
        message: {
          type: 'edit',
          edit: {
            field: 'model',
            value: { source: 'Custom models', experiment, checkpoint: '../../../../etc/passwd' },
          },
        },
      },
      {
        message: {
          type: 'edit',
          edit: {
            field: 'model',
            value: {
              source: 'Custom models',
              experiment: path.join(outside, 'run'),
              checkpoint: 'best.json',
            },
          },
        },
      },
      { message: { type: 'fineTune', checkpoint: '../../../../etc/passwd' }, requests: showing },
      // A read-only panel shows a finished experiment: Start would train its copy of the settings again.
      { message: { type: 'start' }, requests: showing, refusal: /Start applies to an app_state file/ },
    ];
    for (const { message, requests, refusal } of hostile) {
      notices.length = 0;
      sent.length = 0;
      resyncs = 0;
      await (requests ?? editing).handle(message);
      const refused = notices.filter((notice) => notice.level === 'error');
      assert.equal(
        refused.length,
        1,
        `one refusal for ${JSON.stringify(message)}: ${JSON.stringify(notices)}`,
      );
      assert.doesNotMatch(
        refused[0]?.message ?? '',
        /TOP-SECRET-LINE|root:x/,
        'nothing of a file outside reaches the page',
      );
      if (refusal) assert.match(refused[0]?.message ?? '', refusal);
      // The page shows the value the user chose: a refused edit has it sent the file's settings again.
      assert.equal(resyncs, message.type === 'edit' ? 1 : 0, `resyncs for ${JSON.stringify(message)}`);
      if (message.type === 'compare') {
        assert.deepEqual(sent, [{ type: 'comparison', runs: [] }], 'no run of a refused folder');
      } else {
        assert.deepEqual(sent, [], `nothing sent for ${JSON.stringify(message)}`);
      }
      if (message.type === 'edit' && message.edit.field === 'model') {
        assert.ok(fs.readFileSync(appStateFile).equals(appStateBytes), 'app_state.json byte-identical');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(openedOutside(ws), [], 'no editor on a file outside the workspace');
    assert.deepEqual(snapshot(ws), before.workspace, 'nothing written in the workspace');
    assert.deepEqual(snapshot(outside), before.outside, 'nothing written outside');
  });

  it('refuses an edit while the app_state file has unsaved changes, and sends the file’s settings again', async () => {
    const text = fs.readFileSync(appStateFile, 'utf8');
    const { page, posted, controller } = controllerOf(editSubject(appStateFile));
    const sessions = () => posted.flatMap((message) => (message.type === 'session' ? [message.session] : []));
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(appStateFile), { preview: false });
    try {
      page.fire({ type: 'ready' });
      await waitFor(() => sessions().length === 1, 'the first session');
      await editor.edit((edit) => {
        edit.insert(new vscode.Position(0, 0), ' ');
      });
      page.fire({ type: 'edit', edit: { field: 'hyperparameters', value: 'epochs: 1\n' } });
      // The page shows the value the user typed: it gets the file's settings back, though they did not change.
      await waitFor(() => sessions().length === 2, 'a session after the refused edit');
      assert.deepEqual(sessions()[1]?.settings, sessions()[0]?.settings);
      assert.deepEqual(
        posted.filter((message) => message.type === 'notice'),
        [
          {
            type: 'notice',
            level: 'warning',
            message: 'Save or revert app_state.json in the editor first: it has unsaved changes.',
          },
        ],
      );
      assert.equal(fs.readFileSync(appStateFile, 'utf8'), text);
    } finally {
      controller.dispose();
      page.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('opens no panel on a JSON file that is not an app_state file, nor on a folder outside the experiments', async () => {
    const notes = path.join(ws, 'notes.json');
    fs.writeFileSync(notes, '{}\n');
    try {
      const before = panelTabs().length;
      await vscode.commands.executeCommand(COMMANDS.openPanel, vscode.Uri.file(notes));
      await vscode.commands.executeCommand(COMMANDS.openPanel, { experimentDir: path.join(outside, 'run') });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(panelTabs().length, before);
    } finally {
      fs.rmSync(notes, { force: true });
    }
  });

  it('sends one session for its own edit, not a second one when the watcher sees that write', async () => {
    const text = fs.readFileSync(appStateFile, 'utf8');
    const { page, posted, controller } = controllerOf(editSubject(appStateFile));
    const sessions = () => posted.filter((message) => message.type === 'session').length;
    try {
      page.fire({ type: 'ready' });
      await waitFor(() => sessions() === 1, 'the first session');
      page.fire({ type: 'edit', edit: { field: 'hyperparameters', value: 'epochs: 1\n' } });
      await waitFor(() => sessions() === 2, 'the session after the edit');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(sessions(), 2, 'no second session for the panel’s own write');
      // Someone else's write is news: the watcher works here, and sends it.
      fs.writeFileSync(appStateFile, text);
      await waitFor(() => sessions() === 3, 'the session after a write by someone else');
    } finally {
      controller.dispose();
      page.dispose();
      fs.writeFileSync(appStateFile, text);
    }
  });

  it('lists, and watches, the experiments folder the setting names once it changes', async () => {
    const elsewhere = path.join(ws, 'runs-elsewhere');
    const moved = path.join(elsewhere, 'shapes', '1_moved');
    fs.cpSync(experiment, moved, { recursive: true });
    const section = vscode.workspace.getConfiguration(SETTINGS.section);
    const { page, posted, controller } = controllerOf(editSubject(appStateFile));
    const listed = (): string[] =>
      posted
        .flatMap((message) => (message.type === 'experiments' ? [message.experiments] : []))
        .at(-1)
        ?.map((summary) => path.basename(summary.dir)) ?? [];
    try {
      page.fire({ type: 'ready' });
      await waitFor(() => listed().includes(path.basename(experiment)), 'the experiments folder’s runs');
      await section.update(
        SETTINGS.experimentsFolder,
        'runs-elsewhere',
        vscode.ConfigurationTarget.Workspace,
      );
      await waitFor(
        () => listed().includes(path.basename(moved)) && !listed().includes(path.basename(experiment)),
        'the runs of the folder the setting names now',
      );
    } finally {
      controller.dispose();
      page.dispose();
      await section.update(SETTINGS.experimentsFolder, undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('opens the only app_state file of the workspace without asking which', async () => {
    await vscode.window.tabGroups.close(panelTabs());
    // Earlier suites leave app_state files of their own: park them, so that this one is the only one.
    const others = (await vscode.workspace.findFiles(APP_STATE_GLOB, '**/node_modules/**'))
      .map((uri) => uri.fsPath)
      .filter((file) => file !== appStateFile && !isInsideFolder(file, path.join(ws, 'experiments')));
    for (const file of others) fs.renameSync(file, `${file}.parked`);
    try {
      void vscode.commands.executeCommand(COMMANDS.openPanel);
      try {
        await waitFor(() => panelTabs().length === 1, 'a panel, with no picker');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      }
      assert.equal(panelTabs()[0]?.label, `Training: ${FIXTURE.appState}`);
    } finally {
      for (const file of others) fs.renameSync(`${file}.parked`, file);
    }
  });
});
