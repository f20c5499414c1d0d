import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { kindFromFileName } from '../../../core/config/kinds';
import { CONFIG_KINDS } from '../../../core/names';
import { posixRelative } from '../../../data/paths';
import type { DebugProvider, WorkbenchHost } from '../contract';
import { appStateFilesIn } from '../pick/appStateFiles';
import { reportingErrors } from '../reportError';
import type { RunServices } from '../runs/types';
import { settings } from '../settings';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import { nodeLaunchOf } from './nodeLaunch';
import { dynamicConfigurations } from './offered';
import { checkLaunchTarget, launchTargetOf } from './target';
import type { LaunchTarget, TrainStudioLaunchFields } from './target';
import type { LaunchVariables } from './variables';

// The `trainstudio` debug type: Run and Debug's dynamic list (one configuration per app_state file) and the
// rewrite of a configuration into a `node` launch of the trainer. The rewrite happens in
// resolveDebugConfiguration, before VS Code substitutes variables (see variables.ts), because only there
// does a change of type to `node` bring in js-debug's own resolver for it.

const activeFile = (): string | undefined => {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' ? uri.fsPath : undefined;
};

function launchVariables(folder: vscode.WorkspaceFolder | undefined): LaunchVariables {
  return {
    workspaceFolder: folder?.uri.fsPath,
    workspaceFolders: Object.fromEntries(
      (vscode.workspace.workspaceFolders ?? []).map((each) => [each.name, each.uri.fsPath]),
    ),
    userHome: os.homedir(),
    env: process.env,
    file: activeFile(),
    pathSeparator: path.sep,
  };
}

/** F5 without a launch.json: the app_state.json in the editor, else the only one, else the one picked. */
async function pickAppState(
  folder: vscode.WorkspaceFolder | undefined,
  token: vscode.CancellationToken | undefined,
): Promise<LaunchTarget | undefined> {
  const active = activeFile();
  if (active !== undefined && kindFromFileName(active) === CONFIG_KINDS.appState) {
    return { kind: 'train', appState: active };
  }
  const folders = folder ? [folder] : (vscode.workspace.workspaceFolders ?? []);
  const choices = (
    await Promise.all(
      folders.map(async (each) =>
        (await appStateFilesIn(each, token)).map((file) => ({
          label: posixRelative(each.uri.fsPath, file),
          description: folders.length > 1 ? each.name : undefined,
          file,
        })),
      ),
    )
  ).flat();
  const [only] = choices;
  if (only === undefined) {
    throw new UserError(
      'There is no app_state.json in the workspace to train under the debugger.',
      'Create one with "Train Studio: New Training Run", or add a launch configuration whose `appState` names one.',
    );
  }
  const picked =
    choices.length === 1
      ? only
      : await vscode.window.showQuickPick(choices, { placeHolder: 'The app_state.json to debug' }, token);
  return picked && { kind: 'train', appState: picked.file };
}

const targetPath = (target: LaunchTarget) =>
  target.kind === 'train' ? target.appState : target.experimentDir;

/** The folder the launch belongs to: VS Code's, else the one holding the target. */
function launchFolder(
  folder: vscode.WorkspaceFolder | undefined,
  target: LaunchTarget,
): vscode.WorkspaceFolder {
  const found = folder ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(targetPath(target)));
  if (found) return found;
  throw new UserError(
    `${targetPath(target)} is in no folder of this workspace, and a training run works inside one.`,
    'Add its folder to the workspace, or move the file into one.',
  );
}

export function createDebugProvider(host: WorkbenchHost, runs: RunServices): DebugProvider {
  // A failure is reported and resolves undefined, which cancels the launch.
  const resolveLaunch = reportingErrors(
    host.output,
    'Debug training',
    async (
      folder: vscode.WorkspaceFolder | undefined,
      configuration: vscode.DebugConfiguration,
      token: vscode.CancellationToken | undefined,
    ) => {
      if (!allowedToRun('debug training')) return undefined;
      const fields = configuration as TrainStudioLaunchFields;
      const target = launchTargetOf(fields, launchVariables(folder)) ?? (await pickAppState(folder, token));
      if (!target) return undefined;
      checkLaunchTarget(target);
      const workspaceFolder = launchFolder(folder, target);
      const name =
        typeof fields.name === 'string' && fields.name !== ''
          ? fields.name
          : `Train ${posixRelative(workspaceFolder.uri.fsPath, targetPath(target))}`;
      const context = {
        folder: workspaceFolder.uri.fsPath,
        cliPath: host.cliPath,
        nodeExecutable: await runs.nodeExecutable(),
        experimentsDir: settings.experimentsDir(workspaceFolder),
      };
      return nodeLaunchOf(name, target, context, {
        stopOnEntry: fields.stopOnEntry === true,
        noDebug: fields.noDebug === true,
      });
    },
  );
  return {
    async provideDebugConfigurations(folder, token) {
      if (!folder) return [];
      return dynamicConfigurations(folder.uri.fsPath, await appStateFilesIn(folder, token));
    },
    resolveDebugConfiguration: resolveLaunch,
  };
}
