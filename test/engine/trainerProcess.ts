// A trainer running as its own process, as every real run does: its stdout read as protocol events (a line
// that is not one fails the test), its stderr kept, and a watchdog so that a hung trainer fails its test
// rather than the whole suite.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { parseTrainerEvent } from '../../src/core/events';
import type { TrainerEvent } from '../../src/core/events';

const WATCHDOG_MS = 120_000;

export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TrainerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly events: TrainerEvent[];
  /** Resolves once an event satisfies the predicate; rejects if the process exits first. */
  waitFor(predicate: (event: TrainerEvent) => boolean): Promise<void>;
  readonly exited: Promise<ProcessEnd>;
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Whether stdout carries events (the CLI's --events); otherwise it is only collected. */
  readonly events?: boolean;
}

export function spawnTrainer(args: readonly string[], options: SpawnOptions = {}): TrainerProcess {
  const child = spawn(process.execPath, [...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { ...process.env, ...options.env },
  });
  const events: TrainerEvent[] = [];
  const waiters: { predicate: (event: TrainerEvent) => boolean; resolve: () => void }[] = [];
  let pending = '';
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    if (options.events === false) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseTrainerEvent(line);
      if (!parsed.ok) throw new Error(`${parsed.error}: ${line}`);
      events.push(parsed.value);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(parsed.value)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const watchdog = setTimeout(() => {
    stderr += `\n[killed by the test's watchdog after ${String(WATCHDOG_MS)} ms, ${String(events.length)} events]`;
    child.kill('SIGKILL');
  }, WATCHDOG_MS);
  const exited = new Promise<ProcessEnd>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, stdout, stderr });
    });
  });
  const waitFor = (predicate: (event: TrainerEvent) => boolean) =>
    events.some(predicate)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ predicate, resolve });
          void exited.then(({ stderr: errors }) => {
            reject(new Error(`the trainer exited first: ${errors}`));
          });
        });
  return { child, events, waitFor, exited };
}
