import * as vscode from 'vscode';
import { posixRelative } from '../../../data/paths';
import { TASK_TYPE } from '../../ids';
import { appStateFilesIn } from '../pick/appStateFiles';
import { firstWorkspaceFolder } from '../pick/workspace';
import type { TrainStudioTaskDefinition } from '../runs/types';
import { settings } from '../settings';
import { allowedToRun, untrustedRefusal } from '../trust';
import { taskNameOf } from './definition';
import { taskLaunch } from './taskLaunch';
import { TrainerTerminal } from './trainerTerminal';
import type { TrainerTerminalOptions } from './trainerTerminal';

// The `trainstudio` task type: one task per app_state file in the workspace, and tasks.json entries (an
// app_state, a folder to resume, or an inline run) resolved into the same kind of task, which runs the CLI
// in a pseudoterminal.

export interface TaskProviderOptions extends TrainerTerminalOptions {
  /** Where inline runs' app_state files are written. */
  readonly storageDir: string;
}

export class TrainStudioTaskProvider implements vscode.TaskProvider {
  constructor(private readonly options: TaskProviderOptions) {}

  async provideTasks(token?: vscode.CancellationToken): Promise<vscode.Task[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const perFolder = await Promise.all(
      folders.map(async (folder) =>
        (await appStateFilesIn(folder, token)).map((file) => {
          const appState = posixRelative(folder.uri.fsPath, file);
          return this.task({ type: TASK_TYPE, appState }, folder, appState);
        }),
      ),
    );
    return perFolder.flat();
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (task.definition.type !== TASK_TYPE) return undefined;
    // VS Code requires the resolved task to keep the very definition it was given. A workspace-wide task
    // runs in the first folder, found when it runs: with no folder open, its terminal says so.
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    return this.task(task.definition as TrainStudioTaskDefinition, folder, task.name);
  }

  /** The task for a definition; its terminal checks it when the task runs. */
  task(
    definition: TrainStudioTaskDefinition,
    folder: vscode.WorkspaceFolder | undefined,
    name = taskNameOf(definition),
  ): vscode.Task {
    const execution = new vscode.CustomExecution((resolved) =>
      Promise.resolve(this.terminal(resolved as TrainStudioTaskDefinition, folder, name)),
    );
    // Listed as `trainstudio: <name>`. An empty list of problem matchers: VS Code does not ask which one to
    // scan the log with.
    return new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, TASK_TYPE, execution, []);
  }

  private terminal(
    definition: TrainStudioTaskDefinition,
    scope: vscode.WorkspaceFolder | undefined,
    label: string,
  ): TrainerTerminal {
    const trusted = allowedToRun('start training');
    return new TrainerTerminal(() => {
      if (!trusted) throw untrustedRefusal('start training');
      const folder = scope ?? firstWorkspaceFolder();
      return taskLaunch(definition, {
        folder: folder.uri.fsPath,
        experimentsDir: settings.experimentsDir(folder),
        storageDir: this.options.storageDir,
        label,
      });
    }, this.options);
  }
}
