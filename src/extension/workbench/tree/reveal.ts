import * as vscode from 'vscode';

/** Shows a file or folder: the Explorer shows only the workspace, so one outside it opens in the system's file manager. */
export async function revealPath(target: string): Promise<void> {
  const uri = vscode.Uri.file(target);
  const command = vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS';
  await vscode.commands.executeCommand(command, uri);
}
