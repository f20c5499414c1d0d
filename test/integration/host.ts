import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/extension/ids';

/** The extension under test; fails the calling test when VS Code did not load it at all. */
export function trainStudio(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`);
  return extension;
}

/** Polls until `condition` holds: some effects (activation, output) land after the triggering command resolves. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The output channels as VS Code shows them: editors on `output:` documents. */
export const visibleOutputText = (): string[] =>
  vscode.window.visibleTextEditors
    .filter((editor) => editor.document.uri.scheme === 'output')
    .map((editor) => editor.document.getText());
