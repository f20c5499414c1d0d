import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import * as vscode from 'vscode';
import { parseTrainerEvent } from '../../../core/events';
import type { TrainerCommand, TrainerEvent } from '../../../core/events';
import { advanceProgress, INITIAL_PROGRESS } from '../../../core/runProgress';
import type { RunProgress } from '../../../core/runProgress';
import { UserError } from '../userError';
import { formatCommandLine } from './commandLine';
import { LineSplitter } from './lineSplitter';
import type { TrainerExit, TrainerLaunch, TrainerLauncher, TrainerRun } from './types';

// Every trainer is `<node> dist/cli.js <command> … --events` in a process of its own: the extension host
// never loads tfjs. Its stdout is the event protocol, parsed line by line and never trusted unparsed; its
// stderr is the human log (coloured: FORCE_COLOR); a stop is a line on its stdin, and a trainer that does
// not stop in time is killed, with its process group, so that a command framework's program dies with it.

/** What the launcher writes to: the output channel, or a recorder in tests. */
export type RunLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;

export interface LauncherOptions {
  readonly cliPath: string;
  readonly log: RunLog;
  /** The checked Node (see NodeResolver); rejects with a UserError naming the fix. */
  readonly nodeExecutable: () => Promise<string>;
  /** trainStudio.stopTimeoutSeconds, read at each stop. */
  readonly stopTimeoutMs: () => number;
  /** Told about each run as it starts: the live runs. */
  readonly onStarted?: (run: TrainerRun) => void;
}

/** stderr lines kept for the message of a trainer that fails before it opens a folder. */
const STDERR_TAIL_LINES = 8;
/** What a graceful stop does, as the task terminal and the output channel say it. */
export const STOPPING_MESSAGE = 'stopping: finishing the batch, saving and finalising';
const STOP_LINE = `${JSON.stringify({ type: 'stop' } satisfies TrainerCommand)}\n`;
const YELLOW = '\u001b[33m';
const RESET = '\u001b[0m';

/** On POSIX the trainer leads a process group of its own, which a kill takes down whole. */
const OWN_PROCESS_GROUP = process.platform !== 'win32';

/** Node's arguments for a launch: `--events` makes stdout the event protocol. */
export const trainerArgs = (cliPath: string, launch: TrainerLaunch): string[] => [
  cliPath,
  ...launch.args,
  '--events',
];

/** The exit code a shell would report: a signal's number plus 128. */
export function exitCodeOf(exit: TrainerExit): number {
  if (exit.code !== null) return exit.code;
  const signal = exit.signal === null ? undefined : constants.signals[exit.signal as NodeJS.Signals];
  return signal === undefined ? 1 : 128 + signal;
}

/** Calls `onLine` for each line of a child's output, the last one too. */
function eachLine(stream: Readable, onLine: (line: string) => void): void {
  const lines = new LineSplitter(onLine);
  stream
    .setEncoding('utf8')
    .on('data', (chunk: string) => {
      lines.push(chunk);
    })
    .on('end', () => {
      lines.end();
    });
}

class ChildTrainerRun implements TrainerRun {
  readonly id = randomUUID().slice(0, 8);
  readonly label: string;
  readonly experimentDir: Promise<string>;
  readonly exit: Promise<TrainerExit>;
  private current: RunProgress = INITIAL_PROGRESS;
  private readonly events = new vscode.EventEmitter<TrainerEvent>();
  private readonly progressChanged = new vscode.EventEmitter<RunProgress>();
  private readonly humanLines = new vscode.EventEmitter<string>();
  readonly onEvent = this.events.event;
  readonly onProgress = this.progressChanged.event;
  readonly onHumanLine = this.humanLines.event;
  private readonly stderrTail: string[] = [];
  private stopping: Promise<TrainerExit> | undefined;
  private killedAfterTimeout = false;
  /** Why the process never started (a missing cwd), when it did not. */
  private spawnError: Error | undefined;
  private ended = false;

  constructor(
    readonly launch: TrainerLaunch,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly options: LauncherOptions,
  ) {
    this.label = launch.label;
    // A trainer that has exited cannot take a stop; its exit tells the rest.
    child.stdin.on('error', () => undefined);
    // A process that never started still ends in `close`, which settles the run.
    child.on('error', (error) => {
      if (child.pid === undefined) this.spawnError = error;
    });
    eachLine(child.stdout, (line) => {
      this.onStdoutLine(line);
    });
    eachLine(child.stderr, (line) => {
      this.onStderrLine(line);
    });
    this.exit = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        resolve({ code, signal, killedAfterTimeout: this.killedAfterTimeout });
      });
    });
    this.experimentDir = new Promise((resolve, reject) => {
      const opened = this.events.event((event) => {
        if (event.type === 'experiment_opened') resolve(event.experimentDir);
      });
      void this.exit.then((exit) => {
        opened.dispose();
        reject(this.exitedBeforeOpening(exit));
      });
    });
    // Rejection is an answer for those who ask; nobody has to.
    this.experimentDir.catch(() => undefined);
    void this.exit.then((exit) => {
      this.ended = true;
      this.logExit(exit);
      for (const emitter of [this.events, this.progressChanged, this.humanLines]) emitter.dispose();
    });
  }

  get progress(): RunProgress {
    return this.current;
  }

  stop(): Promise<TrainerExit> {
    if (this.ended) return this.exit;
    this.stopping ??= this.requestStop();
    return this.stopping;
  }

  private requestStop(): Promise<TrainerExit> {
    const timeoutMs = this.options.stopTimeoutMs();
    // Also here: terminating a task closes its terminal, so this may be the only place that says so.
    this.options.log.info(
      `Run ${this.id} (${this.label}): ${STOPPING_MESSAGE} (killed if still running after ${String(timeoutMs / 1000)} s)`,
    );
    this.child.stdin.write(STOP_LINE);
    const timer = setTimeout(() => {
      void this.killAfterTimeout(timeoutMs);
    }, timeoutMs);
    return this.exit.finally(() => {
      clearTimeout(timer);
    });
  }

  private async killAfterTimeout(timeoutMs: number): Promise<void> {
    this.killedAfterTimeout = true;
    const dir = this.current.experimentDir ?? '<experiment folder>';
    const message = `Killed: the trainer did not stop within ${String(timeoutMs / 1000)} s of being asked (trainStudio.stopTimeoutSeconds). The experiment folder can be resumed or finalised: train-studio resume ${dir} | train-studio finalize ${dir}`;
    this.options.log.warn(`Run ${this.id} (${this.label}): ${message}`);
    this.humanLines.fire(`${YELLOW}${message}${RESET}`);
    const pid = this.child.pid;
    try {
      if (OWN_PROCESS_GROUP && pid !== undefined) process.kill(-pid, 'SIGKILL');
      else this.child.kill('SIGKILL');
    } catch {
      // Gone already, between the timeout and the kill: its exit ends the run as usual.
    }
    await this.exit;
  }

  private onStdoutLine(line: string): void {
    if (line.trim() === '') return;
    const parsed = parseTrainerEvent(line);
    if (!parsed.ok) {
      this.options.log.warn(`Run ${this.id} (${this.label}): ignored a stdout line: ${parsed.error}`);
      return;
    }
    const next = advanceProgress(this.current, parsed.value);
    this.events.fire(parsed.value);
    if (next !== this.current) {
      this.current = next;
      this.progressChanged.fire(next);
    }
  }

  private onStderrLine(line: string): void {
    this.stderrTail.push(stripVTControlCharacters(line));
    if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    this.humanLines.fire(line);
  }

  private exitedBeforeOpening(exit: TrainerExit): UserError {
    if (this.spawnError) {
      return new UserError(
        `The trainer (${this.label}) could not start in ${this.launch.cwd}: ${this.spawnError.message}.`,
        'Check that the folder exists; the Train Studio output has the command line.',
      );
    }
    const tail = this.stderrTail.filter((line) => line.trim() !== '').join('\n');
    return new UserError(
      `The trainer (${this.label}) exited with code ${String(exitCodeOf(exit))} before it opened an experiment folder${tail === '' ? '.' : `:\n${tail}`}`,
      'Fix what it names and run it again; the Train Studio output has the command line.',
    );
  }

  private logExit(exit: TrainerExit): void {
    const { status, experimentDir } = this.current;
    const how = [
      `exit code ${String(exitCodeOf(exit))}`,
      ...(exit.killedAfterTimeout ? ['killed after the stop timeout'] : []),
      ...(status === undefined ? [] : [`status ${status}`]),
      ...(experimentDir === undefined ? [] : [`experiment ${experimentDir}`]),
    ].join(', ');
    const line = `Run ${this.id} (${this.label}) ended: ${how}`;
    if (exitCodeOf(exit) === 0) this.options.log.info(line);
    else this.options.log.error([line, ...this.stderrTail].join('\n'));
  }
}

export class ChildTrainerLauncher implements TrainerLauncher {
  constructor(private readonly options: LauncherOptions) {}

  async start(launch: TrainerLaunch): Promise<TrainerRun> {
    const node = await this.options.nodeExecutable();
    const args = trainerArgs(this.options.cliPath, launch);
    const child = spawn(node, args, {
      cwd: launch.cwd,
      env: { ...process.env, FORCE_COLOR: '1', ...launch.env },
      stdio: 'pipe',
      detached: OWN_PROCESS_GROUP,
      windowsHide: true,
    });
    const run = new ChildTrainerRun(launch, child, this.options);
    this.options.log.info(
      `Run ${run.id} (${launch.label}) started, pid ${String(child.pid)}: ${formatCommandLine([node, ...args])} (in ${launch.cwd})`,
    );
    this.options.onStarted?.(run);
    return run;
  }
}
