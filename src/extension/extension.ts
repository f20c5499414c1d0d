import * as vscode from 'vscode';
import { registerConfigLanguageOnDemand } from './configLanguage/onDemand';
import { ExperimentsTree } from './experimentsTree';
import { COMMANDS, VIEWS } from './ids';
import { createOutput } from './output';

// Activation is lazy (the view or a command) and cheap: only vscode and our own small modules load here.
// Trainers run in child processes, so nothing heavy (tfjs, image codecs) is ever imported into the host.
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = createOutput(context);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showOutput, () => {
      output.show(true);
    }),
    vscode.window.registerTreeDataProvider(VIEWS.experiments, new ExperimentsTree()),
  );
  registerConfigLanguageOnDemand(context, output);
  const version = (context.extension.packageJSON as { version: string }).version;
  output.info(`Train Studio ${version} activated in ${(performance.now() - started).toFixed(1)} ms`);
}
