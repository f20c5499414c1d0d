import path from 'node:path';
import * as vscode from 'vscode';
import { registerConfigLanguageOnDemand } from './configLanguage/onDemand';
import { COMMANDS, DEBUG_TYPE, PANEL_VIEW_TYPE, TASK_TYPE, VIEWS } from './ids';
import { LazyWorkbench } from './lazyWorkbench';
import { createOutput } from './output';
import type { TrainStudioApi } from './workbench/api/types';
import type { WorkbenchCommandId } from './workbench/contract';

// Activation is lazy (a view, a command, a task, a debug session, a config file) and cheap: only vscode and
// our own small modules load here. The workbench (dist/workbench.js) loads on first use, and trainers run
// in child processes, so nothing heavy (tfjs, image codecs) is ever imported into the host.
export function activate(context: vscode.ExtensionContext): TrainStudioApi {
  const started = performance.now();
  const output = createOutput(context);
  const workbench = new LazyWorkbench({
    context,
    output,
    cliPath: path.join(context.extensionPath, 'dist', 'cli.js'),
  });
  const workbenchCommands = Object.values(COMMANDS).filter(
    (id): id is WorkbenchCommandId => id !== COMMANDS.showOutput,
  );
  context.subscriptions.push(
    workbench,
    vscode.commands.registerCommand(COMMANDS.showOutput, () => {
      output.show(true);
    }),
    ...workbenchCommands.map((id) => vscode.commands.registerCommand(id, workbench.command(id))),
    vscode.window.createTreeView(VIEWS.experiments, {
      treeDataProvider: workbench.tree,
      canSelectMany: true,
      showCollapseAll: true,
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, workbench.panelSerializer),
    vscode.tasks.registerTaskProvider(TASK_TYPE, workbench.tasks),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, workbench.debugResolver),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      workbench.debugDynamic,
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
  );
  registerConfigLanguageOnDemand(context, output);
  const version = (context.extension.packageJSON as { version: string }).version;
  output.info(`Train Studio ${version} activated in ${(performance.now() - started).toFixed(1)} ms`);
  return workbench.api(version);
}
