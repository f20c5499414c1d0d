import * as vscode from 'vscode';
import { reportError } from '../reportError';
import type { CommandContext } from './context';

/** The one button a finished command's notification offers, and what it does. */
export interface DoneAction {
  readonly label: string;
  /** How a failure of `run` is named in the output. */
  readonly what: string;
  readonly run: () => Thenable<unknown>;
}

/** Opens `file` in an editor: the action after a command that wrote a report. */
export const openFileAction = (label: string, file: string): DoneAction => ({
  label,
  what: label,
  run: () => vscode.window.showTextDocument(vscode.Uri.file(file)),
});

/** Reveals `target` in the Explorer: the action after a command that wrote files. */
export const revealAction = (what: string, target: string): DoneAction => ({
  label: 'Reveal',
  what,
  run: () => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(target)),
});

/**
 * Tells the user a command finished, with `action` as a button (none when undefined). Not awaited: the
 * command's result does not wait on the user. The action can fail well after (its file gone by the time the
 * user clicks: a new run, a deleted experiment), so its failure goes to the output.
 */
export function notifyDone(context: CommandContext, message: string, action: DoneAction | undefined): void {
  void vscode.window
    .showInformationMessage(message, ...(action ? [action.label] : []))
    .then((choice) => (action && choice === action.label ? action.run() : undefined))
    .then(undefined, (error: unknown) => reportError(context.host.output, action?.what ?? message, error));
}
