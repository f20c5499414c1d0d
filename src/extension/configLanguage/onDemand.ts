import * as vscode from 'vscode';
import { configKindOf } from './documentKind';

// The validator (zod, yaml and our schemas) takes tens of milliseconds to load, and most JSON or YAML files
// a user opens are not ours. So activation only watches for a config file, and loads the validator when
// the first one is open.

export function registerConfigLanguageOnDemand(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): void {
  let requested = false;
  const load = (): void => {
    if (requested) return;
    requested = true;
    watcher.dispose();
    const started = performance.now();
    import('./index.js')
      .then(({ registerConfigLanguage }) => {
        registerConfigLanguage(context, output);
        output.info(`Config file checks loaded in ${(performance.now() - started).toFixed(1)} ms`);
      })
      .catch((error: unknown) => {
        output.error(
          `Config file checks failed to load: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
  };
  const watcher = vscode.workspace.onDidOpenTextDocument((document) => {
    if (configKindOf(document)) load();
  });
  context.subscriptions.push(watcher);
  if (vscode.workspace.textDocuments.some((document) => configKindOf(document))) load();
}
