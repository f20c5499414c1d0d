import * as vscode from 'vscode';
import { NODE_PATH_SETTING } from './nodeExecutable';
import type { NodeUnavailableError } from './nodeExecutable';

/** Shows a NodeUnavailableError with the action that fixes it: the setting, opened. */
export async function offerNodeSetting(error: NodeUnavailableError): Promise<void> {
  const openSettings = 'Open Settings';
  const choice = await vscode.window.showErrorMessage(`${error.message} ${error.hint}`, openSettings);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', NODE_PATH_SETTING);
  }
}
