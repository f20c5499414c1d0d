import * as vscode from 'vscode';
import type { Finding } from '../../../core/config';
import { kindFromFileName } from '../../../core/config/kinds';
import { CONFIG_KINDS } from '../../../core/names';
import { builtinFrameworkDir, checkConfigFile, checkConfigText } from '../../../trainapp/configFiles';
import { textTabUris, toDiagnostic } from '../../configLanguage/diagnostics';
import type { WorkbenchHost } from '../contract';
import { findWorkspaceFiles } from '../pick/workspace';
import { plural } from '../words';

// Validate Configs: every models.json, hyperparameters*.yaml, app_options.yaml and app_state file of the
// workspace, with the editor's own checks. Problems of files that are not open land in the Problems view
// through a collection of their own; once a file is opened, the editor's live diagnostics take over.

// APP_STATE_GLOB's names are spelt out again here: VS Code's globs cannot nest one `{…}` inside another.
const CONFIG_GLOB =
  '**/{models.json,app_options.yaml,app_options.yml,hyperparameters*.yaml,hyperparameters*.yml,app_state.json,*.app_state.json}';

export interface ValidationSummary {
  readonly files: number;
  readonly problems: number;
  readonly errors: number;
}

const isConfig = (file: string): boolean => {
  const kind = kindFromFileName(file);
  return kind !== undefined && kind !== CONFIG_KINDS.experimentInfo;
};

export class WorkspaceValidation implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('train-studio-workspace');
  /** The files the last run checked from disk, as URI strings: kept up to date as they change. */
  private readonly checkedFromDisk = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly frameworkDir: string;

  constructor(host: WorkbenchHost) {
    this.frameworkDir = builtinFrameworkDir(host.context.extensionPath);
    const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    // An opened file is the editor's to check as it is typed; a stale copy of its problems must not stay.
    // A checked file changed on disk (a checkout, another tool) is checked again, a deleted one forgotten.
    this.subscriptions = [
      watcher,
      vscode.workspace.onDidOpenTextDocument((document) => {
        this.collection.delete(document.uri);
      }),
      vscode.window.tabGroups.onDidChangeTabs(({ opened }) => {
        for (const uri of textTabUris(opened)) this.collection.delete(uri);
      }),
      watcher.onDidChange((uri) => {
        if (this.checkedFromDisk.has(uri.toString()) && !this.openDocument(uri)) this.check(uri.fsPath);
      }),
      watcher.onDidDelete((uri) => {
        this.checkedFromDisk.delete(uri.toString());
        this.collection.delete(uri);
      }),
    ];
  }

  /** Checks every config file, publishes the problems of those not open, focuses the Problems view. */
  async run(): Promise<ValidationSummary | undefined> {
    const files = (await findWorkspaceFiles(CONFIG_GLOB)).filter(isConfig);
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Validating configs', cancellable: true },
      async (progress, token) => {
        this.collection.clear();
        this.checkedFromDisk.clear();
        let problems = 0;
        let errors = 0;
        for (const [index, file] of files.entries()) {
          if (token.isCancellationRequested) return undefined;
          progress.report({ message: vscode.workspace.asRelativePath(file), increment: 100 / files.length });
          const findings = this.check(file);
          problems += findings.length;
          errors += findings.filter((finding) => finding.severity === 'error').length;
          // Let the progress and a cancel through between files.
          if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 0));
        }
        return { files: files.length, problems, errors };
      },
    );
    if (!summary) return undefined;
    const text = `Validate Configs: ${plural(summary.files, 'file')}, ${plural(summary.problems, 'problem')}${summary.errors > 0 ? ` (${plural(summary.errors, 'error')})` : ''}.`;
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    void (summary.errors > 0
      ? vscode.window.showWarningMessage(text)
      : vscode.window.showInformationMessage(text));
    return summary;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  /** An open file is checked as the editor holds it (whose diagnostics show it); the others from disk. */
  private check(file: string): readonly Finding[] {
    const uri = vscode.Uri.file(file);
    const options = { builtinFrameworkDir: this.frameworkDir };
    const open = this.openDocument(uri);
    if (open) return checkConfigText(file, open.getText(), options).findings;
    const { findings } = checkConfigFile(file, options);
    this.checkedFromDisk.add(uri.toString());
    this.collection.set(uri, findings.map(toDiagnostic));
    return findings;
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const shown = textTabUris(vscode.window.tabGroups.all.flatMap((group) => group.tabs));
    if (!shown.some((tab) => tab.toString() === uri.toString())) return undefined;
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  }
}
