import * as vscode from 'vscode';
import type { CliJob, CliJobResult } from '../runs/types';
import { cliFailure } from './cliError';
import type { CommandContext } from './context';

/**
 * Runs a CLI job for a command, under VS Code's progress notification. Undefined when the user cancelled
 * it; a UserError with the CLI's own message and hint when it failed. RunServices.runCliJob has logged the
 * command line, its end and any stderr in the output channel already.
 */
export async function runCliCommand(context: CommandContext, job: CliJob): Promise<CliJobResult | undefined> {
  const result = await context.runs.runCliJob(job);
  if (result.cancelled) {
    void vscode.window.showInformationMessage(`${job.title}: cancelled.`);
    return undefined;
  }
  if (result.code !== 0) throw cliFailure({ title: job.title, code: result.code, stderr: result.stderr });
  return result;
}

/** A finished job's stdout (what the CLI prints for people), into the output channel. */
export function logCliOutput(context: CommandContext, result: CliJobResult): void {
  for (const line of result.stdout.split(/\r?\n/)) {
    if (line.trim() !== '') context.host.output.info(line);
  }
}
