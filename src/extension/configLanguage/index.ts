import * as vscode from 'vscode';
import { builtinFrameworkDir } from '../../trainapp/configFiles';
import { ConfigDiagnostics } from './diagnostics';
import { CONFIG_DOCUMENT_SELECTOR } from './documents';
import { ConfigCompletionProvider, ConfigHoverProvider, ConfigQuickFixProvider } from './languageFeatures';

/** Diagnostics, hover, completion and quick fixes for models.json, hyperparameters, app_options and app_state. */
export function registerConfigLanguage(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): void {
  const diagnostics = new ConfigDiagnostics(output, builtinFrameworkDir(context.extensionPath));
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerHoverProvider(CONFIG_DOCUMENT_SELECTOR, new ConfigHoverProvider()),
    vscode.languages.registerCompletionItemProvider(
      CONFIG_DOCUMENT_SELECTOR,
      new ConfigCompletionProvider(),
      '"',
      ':',
      ' ',
    ),
    vscode.languages.registerCodeActionsProvider(
      CONFIG_DOCUMENT_SELECTOR,
      new ConfigQuickFixProvider(diagnostics),
      ConfigQuickFixProvider.metadata,
    ),
  );
}
