import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { formatCommandLine } from './commandLine';
import type { RunLog } from './trainerLauncher';
import type { CliJob, CliJobResult } from './types';

// Short CLI jobs (evaluate, export, convert, doctor) under VS Code's progress notification, in a process of
// their own like every trainer. Cancel is Ctrl+C: the CLI stops cleanly and says so.

export interface CliJobOptions {
  readonly cliPath: string;
  readonly log: RunLog;
  readonly nodeExecutable: () => Promise<string>;
}

export async function runCliJob(job: CliJob, options: CliJobOptions): Promise<CliJobResult> {
  const node = await options.nodeExecutable();
  const args = [options.cliPath, ...job.args];
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: job.title, cancellable: job.cancellable },
    (_progress, token) =>
      new Promise<CliJobResult>((resolve) => {
        options.log.info(`${job.title}: ${formatCommandLine([node, ...args])} (in ${job.cwd})`);
        const child = spawn(node, args, { cwd: job.cwd, stdio: 'pipe', windowsHide: true });
        let stdout = '';
        let stderr = '';
        let cancelled = false;
        child.stdin.end();
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        // A process that never started (a missing cwd) still ends in `close`, with its reason here.
        child.on('error', (error) => (stderr += `${error.message}\n`));
        const cancel = token.onCancellationRequested(() => {
          cancelled = true;
          child.kill('SIGINT');
        });
        child.on('close', (code) => {
          cancel.dispose();
          const how = `${job.title}: exit code ${String(code)}${cancelled ? ' (cancelled)' : ''}`;
          if (code === 0 || cancelled) options.log.info(how);
          else options.log.error(`${how}\n${stderr.trimEnd()}`);
          resolve({ code, stdout, stderr, cancelled });
        });
      }),
  );
}
