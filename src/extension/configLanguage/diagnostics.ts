import * as vscode from 'vscode';
import type { Finding, Fix } from '../../core/config';
import { MAX_CONFIG_TEXT_LENGTH } from '../../core/config';
import { checkConfigText } from '../../trainapp/configFiles';
import { configKindOf } from './documentKind';
import { toVscodeRange } from './documents';

// Our own diagnostics for the config files: computed on open, again shortly after the user stops typing,
// and cleared when the file is closed. Each diagnostic remembers its fixes for the quick-fix provider.

export const DIAGNOSTIC_SOURCE = 'Train Studio';
const DEBOUNCE_MS = 250;

const SEVERITIES: Readonly<Record<Finding['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

interface FixedDiagnostic {
  readonly diagnostic: vscode.Diagnostic;
  readonly fixes: readonly Fix[];
}

/** The files shown in these tabs as text. */
export const textTabUris = (tabs: readonly vscode.Tab[]): vscode.Uri[] =>
  tabs.flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri] : []));

/** One finding as the editor shows it: Validate Configs publishes the same diagnostics for files not open. */
export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toVscodeRange(finding.range),
    finding.message,
    SEVERITIES[finding.severity],
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('train-studio');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly current = new Map<string, readonly FixedDiagnostic[]>();
  private readonly toldTooLarge = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly builtinFrameworkDir: string,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => {
        this.check(document);
      }),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        this.schedule(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.clear(document.uri);
      }),
      // A closed tab does not close its document at once; the user expects its problems to go with it.
      // Reopening that tab reuses the document, so no open event comes: check it again here.
      vscode.window.tabGroups.onDidChangeTabs(({ opened, closed }) => {
        for (const uri of textTabUris(closed)) {
          if (!this.isShownInATab(uri)) this.clear(uri);
        }
        for (const uri of textTabUris(opened)) {
          const document = vscode.workspace.textDocuments.find(
            (open) => open.uri.toString() === uri.toString(),
          );
          if (document) this.check(document);
        }
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  /** The fixes of one of our diagnostics, matched by what VS Code hands back to the code-action provider. */
  fixesFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): readonly Fix[] {
    const match = this.current
      .get(uri.toString())
      ?.find(
        (entry) =>
          entry.diagnostic.range.isEqual(diagnostic.range) && entry.diagnostic.message === diagnostic.message,
      );
    return match?.fixes ?? [];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (!configKindOf(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(document);
      }, DEBOUNCE_MS),
    );
  }

  private check(document: vscode.TextDocument): void {
    if (!configKindOf(document) || document.isClosed) return;
    const text = document.getText();
    if (text.length > MAX_CONFIG_TEXT_LENGTH) {
      this.skipTooLarge(document, text.length);
      return;
    }
    try {
      const { findings } = checkConfigText(document.uri.fsPath, text, {
        builtinFrameworkDir: this.builtinFrameworkDir,
      });
      this.publish(
        document.uri,
        findings.map((finding) => ({ diagnostic: toDiagnostic(finding), fixes: finding.fixes })),
      );
    } catch (error) {
      // A bug of ours must not take the extension host down with it, nor leave stale diagnostics.
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`Checking ${document.uri.fsPath} failed: ${message}`);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        `Train Studio could not check this file (${message}). The Train Studio output has the details.`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      this.publish(document.uri, [{ diagnostic, fixes: [] }]);
    }
  }

  private skipTooLarge(document: vscode.TextDocument, length: number): void {
    this.clear(document.uri);
    const key = document.uri.toString();
    if (this.toldTooLarge.has(key)) return;
    this.toldTooLarge.add(key);
    const millions = (length / 1e6).toFixed(1);
    void vscode.window.showInformationMessage(
      `Train Studio did not check ${vscode.workspace.asRelativePath(document.uri)}: it has ${millions} million characters, over the limit of ${String(MAX_CONFIG_TEXT_LENGTH / 1e6)} million for config files.`,
    );
  }

  private publish(uri: vscode.Uri, entries: readonly FixedDiagnostic[]): void {
    this.current.set(uri.toString(), entries);
    this.collection.set(
      uri,
      entries.map((entry) => entry.diagnostic),
    );
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.current.delete(key);
    this.collection.delete(uri);
  }

  private isShownInATab(uri: vscode.Uri): boolean {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    return textTabUris(tabs).some((shown) => shown.toString() === uri.toString());
  }
}
