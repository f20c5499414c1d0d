import fs from 'node:fs';
import * as vscode from 'vscode';
import type { AppState } from '../../../core/schemas';
import { writeJsonAtomic } from '../../../data/atomicWrite';
import { workspaceLabel } from '../pick/workspace';

// Writing an app_state file for a new run: never over an existing file unless the user says so.

/** True when `file` does not exist, or the user agreed to replace it. */
export async function mayWrite(file: string): Promise<boolean> {
  if (!fs.existsSync(file)) return true;
  const replace = 'Replace';
  const choice = await vscode.window.showWarningMessage(
    `${workspaceLabel(file)} exists already. Replace it?`,
    { modal: true, detail: 'Its settings are lost unless they are under version control.' },
    replace,
  );
  return choice === replace;
}

/** Writes the app_state atomically and opens it. */
export async function writeAppState(file: string, appState: AppState): Promise<void> {
  writeJsonAtomic(file, appState);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}
