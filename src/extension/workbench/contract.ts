import type * as vscode from 'vscode';
import type { CommandId } from '../ids';
import type { RunHandle, RunOptions, TrainStudioApi } from './api/types';

// The seam between activation (dist/extension.js, cheap: vscode and a few small modules) and the workbench
// (dist/workbench.js: the tree, tasks, debugging, commands and the API, with zod and our schemas), which
// src/extension/lazyWorkbench.ts loads the first time any of them is used.

export interface WorkbenchHost {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** dist/cli.js of this extension: every trainer, evaluation or conversion runs it in its own process. */
  readonly cliPath: string;
}

/** Commands activation registers itself; every other command is the workbench's. */
export type WorkbenchCommandId = Exclude<CommandId, 'trainStudio.showOutput'>;
export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandGroup<Id extends WorkbenchCommandId> = Readonly<Record<Id, CommandHandler>>;

/** The tree's own commands (tree/); debugRun is debug/'s; every other one is commands/'. */
export type TreeCommandId =
  | 'trainStudio.refreshExperiments'
  | 'trainStudio.revealExperiment'
  | 'trainStudio.openExperimentInfo'
  | 'trainStudio.deleteExperiment'
  | 'trainStudio.showRunLog'
  | 'trainStudio.createSample';
export type DebugCommandId = 'trainStudio.debugRun';
export type PanelCommandId = 'trainStudio.openPanel' | 'trainStudio.openInPanel';
export type PaletteCommandId = Exclude<WorkbenchCommandId, TreeCommandId | DebugCommandId | PanelCommandId>;

/** What the parts return to be cleaned up (vscode.Disposable is a class; object literals implement this). */
export interface Disposable {
  dispose(): void;
}

export interface Workbench extends Disposable {
  readonly commands: CommandGroup<WorkbenchCommandId>;
  readonly experimentsTree: vscode.TreeDataProvider<unknown>;
  readonly tasks: vscode.TaskProvider;
  /** Dynamic configurations (one per app_state.json) and the rewrite into a `node` launch of the CLI. */
  readonly debug: DebugProvider;
  readonly api: WorkbenchApi;
  readonly panels: PanelHost;
}

/** The training panels (panel/): opened by a command, revived by the serializer after a reload. */
export interface PanelHost extends Disposable {
  readonly commands: CommandGroup<PanelCommandId>;
  /** Restores a panel VS Code kept across a reload; `state` is what the page stored (unchecked). */
  revive(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

export type DebugProvider = Required<
  Pick<vscode.DebugConfigurationProvider, 'provideDebugConfigurations' | 'resolveDebugConfiguration'>
>;

/** The API behind the exported one: activation hands out the run id before the workbench has loaded. */
export interface WorkbenchApi {
  runWithId(options: RunOptions, id: string): RunHandle;
  compare: TrainStudioApi['compare'];
}
