import * as vscode from 'vscode';
import { formatCommandLine } from '../runs/commandLine';
import { NodeUnavailableError } from '../runs/nodeExecutable';
import { offerNodeSetting } from '../runs/offerNodeSetting';
import { exitCodeOf, STOPPING_MESSAGE, trainerArgs } from '../runs/trainerLauncher';
import type { RunLog } from '../runs/trainerLauncher';
import type { TrainerExit, TrainerLaunch, TrainerLauncher, TrainerRun } from '../runs/types';
import { UserError } from '../userError';
import { TaskDefinitionError } from './taskLaunch';

// A task's terminal: what runs, the trainer's human log as it comes (colours kept), how it ended, and the
// trainer's exit code as the task's. Closing the terminal or terminating the task is a graceful stop: the
// trainer finishes its batch, saves and finalises, and is killed only if it overruns the stop timeout.

export interface TrainerTerminalOptions {
  readonly cliPath: string;
  readonly launcher: TrainerLauncher;
  readonly nodeExecutable: () => Promise<string>;
  readonly log: RunLog;
  /** The run has started in this terminal (the status bar shows the terminal on a click). */
  readonly onRunStarted: (run: TrainerRun) => void;
}

/** Exit code of a task that could not start: its definition is wrong (as for bad usage), or anything else. */
const EXIT_BAD_DEFINITION = 2;
const EXIT_NOT_STARTED = 1;

const colour = (code: number) => (text: string) => `\u001b[${String(code)}m${text}\u001b[0m`;
const red = colour(31);
const green = colour(32);
const yellow = colour(33);
const dim = colour(2);

export class TrainerTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private run: TrainerRun | undefined;
  private closeRequested = false;

  /** `prepare` makes the launch when the terminal opens; what it throws is shown, and the task ends. */
  constructor(
    private readonly prepare: () => TrainerLaunch,
    private readonly options: TrainerTerminalOptions,
  ) {}

  open(): void {
    void this.begin();
  }

  close(): void {
    this.closeRequested = true;
    if (!this.run) return;
    this.line(yellow(STOPPING_MESSAGE));
    void this.run.stop();
  }

  private line(text: string): void {
    this.written.fire(`${text.replaceAll('\n', '\r\n')}\r\n`);
  }

  private async begin(): Promise<void> {
    let launch: TrainerLaunch;
    try {
      launch = this.prepare();
    } catch (error) {
      this.end(
        this.failed(error),
        error instanceof TaskDefinitionError ? EXIT_BAD_DEFINITION : EXIT_NOT_STARTED,
      );
      return;
    }
    let run: TrainerRun;
    try {
      const node = await this.options.nodeExecutable();
      this.line(dim(formatCommandLine([node, ...trainerArgs(this.options.cliPath, launch)])));
      if (this.closeRequested) {
        this.end(yellow('Not started: the task was terminated.'), EXIT_NOT_STARTED);
        return;
      }
      run = await this.options.launcher.start(launch);
    } catch (error) {
      this.end(this.failed(error), EXIT_NOT_STARTED);
      return;
    }
    this.run = run;
    this.options.onRunStarted(run);
    this.stopIfClosedWhileStarting();
    run.onHumanLine((line) => {
      this.line(line);
    });
    const exit = await run.exit;
    this.end(this.summary(run, exit), exitCodeOf(exit));
  }

  /** Terminated while the trainer was being started: it stops as soon as it can. */
  private stopIfClosedWhileStarting(): void {
    if (this.closeRequested) this.close();
  }

  private end(lastLine: string, code: number): void {
    this.line(lastLine);
    this.closed.fire(code);
    this.written.dispose();
    this.closed.dispose();
  }

  private summary(run: TrainerRun, exit: TrainerExit): string {
    const code = exitCodeOf(exit);
    const status = run.progress.status ?? (code === 0 ? 'done' : 'failed');
    const parts = [
      `Run ended: ${status}`,
      `exit code ${String(code)}${exit.killedAfterTimeout ? ' (killed after the stop timeout)' : ''}`,
      ...(run.progress.experimentDir === undefined ? [] : [run.progress.experimentDir]),
    ];
    const text = parts.join(' · ');
    if (code !== 0 || status === 'failed') return red(text);
    return status === 'completed' ? green(text) : yellow(text);
  }

  /** The problem as the terminal shows it; a NodeUnavailableError also gets a notification with the fix. */
  private failed(error: unknown): string {
    if (error instanceof NodeUnavailableError) void offerNodeSetting(error);
    if (error instanceof UserError) return red(`${error.message}\n${error.hint}`);
    this.options.log.error(
      `Task: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return red(
      `Train Studio failed to start the run: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
