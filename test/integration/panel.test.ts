import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, PANEL_VIEW_TYPE } from '../../src/extension/ids';
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
