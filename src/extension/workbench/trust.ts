import * as vscode from 'vscode';
import { UserError } from './userError';

/**
 * Training runs code from the workspace (a custom start module, a framework command, the Node in
 * `trainStudio.nodePath`), so an untrusted workspace may validate and browse but not run. Returns true
 * when `action` may go ahead; otherwise says why and how to trust the folder.
 */
export function allowedToRun(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Train Studio does not ${action} in an untrusted workspace, because training runs code from the workspace. Configs can still be validated and experiments browsed.`,
      'Manage Workspace Trust',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/**
 * What a caller that needs an error (a task's terminal, an API run's promise) ends with once
 * allowedToRun(action) has refused and told the user why.
 */
export const untrustedRefusal = (action: string): UserError =>
  new UserError(
    `Train Studio does not ${action} in an untrusted workspace.`,
    'Trust the workspace (Manage Workspace Trust), then try again.',
  );
