import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { parsePersistedState } from '../../../core/panel/messages';
import { RunOptions, TrainValSplitSettings } from '../../../core/schemas';
import { BUILTIN_FRAMEWORK } from '../../../core/names';
import { writeJsonAtomic } from '../../../data/atomicWrite';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';
import { COMMANDS, PANEL_VIEW_TYPE } from '../../ids';
import { APP_STATE_FILE } from '../commands/newRun/appStateFile';
import type { CommandContext } from '../commands/context';
import type { PanelHost, WorkbenchApi, WorkbenchHost } from '../contract';
import { appStateFilesIn, pickAppStateFile } from '../pick/appStateFiles';
import { firstWorkspaceFolder, inWorkspace, workspaceFolders, workspaceLabel } from '../pick/workspace';
import { reportingErrors } from '../reportError';
import type { RunServices } from '../runs/types';
import { treeTargetOf } from '../treeTarget';
import { UserError } from '../userError';
import { PanelController } from './controller';
import { createNonce, PANEL_ASSETS, panelHtml, panelMessageHtml } from './page';
import { panelFolders, workspaceGuard } from './roots';
import type { PanelServices } from './services';
import { editSubject, experimentSubject, subjectKey } from './subject';
import type { PanelSubject } from './subject';
import { subjectRefusal } from './subjectGuard';

// The training panels: Open Training Panel (palette, Experiments view, Explorer), one panel per subject, and
// the serializer's revival after a reload.

/** An app_state file inside an experiment folder is that experiment's record: shown read-only. */
function subjectOfFile(file: string): PanelSubject {
  const dir = path.dirname(file);
  return path.basename(file) === EXPERIMENT_FILES.appState &&
    fs.existsSync(path.join(dir, EXPERIMENT_FILES.info))
    ? experimentSubject(dir)
    : editSubject(file);
}

/** A starter app_state (project and model still to choose), for a workspace that has none. */
function createStarterAppState(): string {
  const file = path.join(firstWorkspaceFolder().uri.fsPath, APP_STATE_FILE);
  if (fs.existsSync(file)) return file;
  writeJsonAtomic(file, {
    framework: BUILTIN_FRAMEWORK,
    train_val_split: TrainValSplitSettings.parse({ method: 'random' }),
    classes: [],
    hyperparameters: '',
    options: RunOptions.parse({}),
  });
  void vscode.window.showInformationMessage(
    `The workspace had no app_state file: created ${workspaceLabel(file)}, which the panel edits. Choose a project and a model in it.`,
  );
  return file;
}

/** What the command was given: an app_state Uri or path, a run of the Experiments view, or nothing (ask). */
async function subjectOf(argument: unknown): Promise<PanelSubject | undefined> {
  const target = treeTargetOf(argument);
  if (target?.experimentDir !== undefined) return experimentSubject(target.experimentDir);
  if (argument instanceof vscode.Uri) return subjectOfFile(argument.fsPath);
  if (typeof argument === 'string') return subjectOfFile(inWorkspace(argument));
  const files = (await Promise.all(workspaceFolders().map((folder) => appStateFilesIn(folder)))).flat();
  if (files.length === 0) return editSubject(createStarterAppState());
  // Nothing to choose between.
  if (files.length === 1 && files[0] !== undefined) return subjectOfFile(files[0]);
  const picked = await pickAppStateFile('Open Training Panel');
  return picked === undefined ? undefined : subjectOfFile(picked);
}

export function createPanels(host: WorkbenchHost, runs: RunServices, api: WorkbenchApi): PanelHost {
  const commands: CommandContext = { host, runs, api };
  const open = new Map<string, PanelController>();
  const guard = workspaceGuard();
  const extensionUri = vscode.Uri.file(host.context.extensionPath);

  const titleOf = (subject: PanelSubject): string =>
    subject.mode === 'readOnly'
      ? `Experiment: ${path.basename(subject.experimentDir)}`
      : `Training: ${workspaceLabel(subject.appStateFile)}`;

  const webviewOptions = (): vscode.WebviewOptions => ({
    enableScripts: true,
    // The page loads only the extension's own bundle, styles and fonts.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, PANEL_ASSETS.folder)],
  });

  function attach(panel: vscode.WebviewPanel, subject: PanelSubject): void {
    const { webview } = panel;
    webview.options = webviewOptions();
    panel.title = titleOf(subject);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    const uri = (relative: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, relative)).toString();
    const services: PanelServices = {
      commands,
      guard,
      watchedFolders: panelFolders,
      openEditPanel: (file) => {
        show(editSubject(file));
      },
    };
    const controller = new PanelController(panel, subject, services);
    const key = subjectKey(subject);
    open.set(key, controller);
    panel.onDidDispose(() => {
      controller.dispose();
      if (open.get(key) === controller) open.delete(key);
    });
    // The handlers are in place before the page can say `ready`.
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      script: uri(PANEL_ASSETS.script),
      panelStyles: uri(PANEL_ASSETS.panelStyles),
      chartStyles: uri(PANEL_ASSETS.chartStyles),
      codiconStyles: uri(PANEL_ASSETS.codiconStyles),
    });
  }

  function show(subject: PanelSubject): void {
    const existing = open.get(subjectKey(subject));
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      titleOf(subject),
      vscode.ViewColumn.Active,
      {
        ...webviewOptions(),
        // The page holds charts and a log tail that are costly to rebuild each time the tab is shown.
        retainContextWhenHidden: true,
      },
    );
    attach(panel, subject);
  }

  async function openPanel(argument: unknown): Promise<void> {
    const subject = await subjectOf(argument);
    if (!subject) return;
    const refusal = subjectRefusal(subject, guard);
    if (refusal !== undefined) {
      throw new UserError(
        `The training panel does not open on this: ${refusal}.`,
        'Open it on an app_state file of the workspace (app_state.json or <name>.app_state.json), or on an experiment of the Experiments view.',
      );
    }
    if (!fs.existsSync(subject.appStateFile)) {
      throw new UserError(
        subject.mode === 'readOnly'
          ? `The experiment ${workspaceLabel(subject.experimentDir)} has no copy of its settings (${EXPERIMENT_FILES.appState}).`
          : `${workspaceLabel(subject.appStateFile)} does not exist.`,
        'Open the panel on an app_state file of the workspace, or on another experiment.',
      );
    }
    show(subject);
  }

  /** A panel VS Code kept across a reload; `state` is what its page stored, unchecked. */
  function revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = parsePersistedState(state);
    const refuse = (message: string) => {
      host.output.warn(`Training panel not restored: ${message}`);
      panel.webview.options = { enableScripts: false, localResourceRoots: [] };
      panel.webview.html = panelMessageHtml(message);
    };
    if (!parsed.ok) {
      refuse(
        'This training panel cannot be restored: it did not keep which file it showed. Close it and open the panel again.',
      );
      return Promise.resolve();
    }
    const { mode, appStateFile, experimentDir } = parsed.message;
    if (mode === 'readOnly' && experimentDir === undefined) {
      refuse(
        'This training panel cannot be restored: it did not keep which experiment it showed. Close it and open the panel again.',
      );
      return Promise.resolve();
    }
    const subject =
      mode === 'readOnly' && experimentDir !== undefined
        ? experimentSubject(experimentDir)
        : editSubject(appStateFile);
    const refusal = subjectRefusal(subject, guard);
    if (refusal !== undefined) {
      refuse(`This training panel cannot be restored: ${refusal}. Close it and open the panel again.`);
    } else if (!fs.existsSync(subject.appStateFile)) {
      refuse(
        `This training panel showed ${appStateFile}, which no longer exists. Close it and open the panel on another file.`,
      );
    } else if (open.has(subjectKey(subject))) {
      // Another panel already shows it (opened before the serializer ran).
      panel.dispose();
    } else {
      attach(panel, subject);
    }
    return Promise.resolve();
  }

  return {
    commands: {
      [COMMANDS.openPanel]: reportingErrors(host.output, 'Open Training Panel', openPanel),
      [COMMANDS.openInPanel]: reportingErrors(host.output, 'Open in Training Panel', openPanel),
    },
    revive: async (panel, state) => {
      try {
        await revive(panel, state);
      } catch (error) {
        host.output.error(
          `Restoring a training panel: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        panel.webview.html = panelMessageHtml(
          'This training panel could not be restored. Close it and open the panel again.',
        );
      }
    },
    dispose: () => {
      for (const controller of [...open.values()]) controller.panel.dispose();
      open.clear();
    },
  };
}
