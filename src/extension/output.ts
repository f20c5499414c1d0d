import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from './ids';

/** The extension's log, as a LogOutputChannel so users can filter by level and see timestamps. */
export function createOutput(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  return channel;
}
