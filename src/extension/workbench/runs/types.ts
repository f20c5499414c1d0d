import type * as vscode from 'vscode';
import type { TrainerEvent } from '../../../core/events';
import type { RunProgress } from '../../../core/runProgress';

// A trainer is `node dist/cli.js <command> --events …` in its own process: events (JSON lines) on stdout,
// the human log on stderr, `{"type":"stop"}` on stdin. Tasks, the API, commands and the tree all start and
// stop trainers through these.

export interface TrainerLaunch {
  /** CLI arguments, such as ['train', '--app-state', file]; `--events` is added. */
  readonly args: readonly string[];
  readonly cwd: string;
  /** For people: the status bar, the output channel. */
  readonly label: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface TrainerExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** It did not stop within `trainStudio.stopTimeoutSeconds` of being asked, and was killed. */
  readonly killedAfterTimeout: boolean;
}

export interface TrainerRun {
  readonly id: string;
  readonly label: string;
  readonly launch: TrainerLaunch;
  readonly progress: RunProgress;
  /** Rejects when the process ends before it opened an experiment folder. */
  readonly experimentDir: Promise<string>;
  readonly onEvent: vscode.Event<TrainerEvent>;
  readonly onProgress: vscode.Event<RunProgress>;
  /** stderr, line by line, colours (ANSI) kept. */
  readonly onHumanLine: vscode.Event<string>;
  readonly exit: Promise<TrainerExit>;
  /** Asks for a graceful stop; kills after the timeout, saying so on onHumanLine and in the output. */
  stop(): Promise<TrainerExit>;
}

export interface TrainerLauncher {
  /** Rejects with a UserError (naming the fix) when no Node can run the CLI. */
  start(launch: TrainerLaunch): Promise<TrainerRun>;
}

/** The trainers this window started, for the status bar and the tree. */
export interface LiveRuns {
  readonly runs: readonly TrainerRun[];
  find(experimentDir: string): TrainerRun | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/** A short CLI job (evaluate, export, convert, doctor) under VS Code's progress notification. */
export interface CliJob {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly title: string;
  /** Cancel sends SIGINT: the CLI stops cleanly. */
  readonly cancellable: boolean;
}
export interface CliJobResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
}

/** `trainstudio` tasks.json entries and the tasks provideTasks offers. */
export interface TrainStudioTaskDefinition extends vscode.TaskDefinition {
  readonly type: 'trainstudio';
  readonly appState?: string;
  readonly resume?: string;
  readonly project?: string;
  readonly model?: string;
  readonly classes?: readonly string[];
  readonly hyperparameters?: string | Readonly<Record<string, unknown>>;
}

export interface RunServices {
  readonly launcher: TrainerLauncher;
  readonly liveRuns: LiveRuns;
  /** Runs a trainstudio task (the terminal shows its log); refuses in an untrusted workspace. */
  runTask(
    definition: TrainStudioTaskDefinition,
    folder: vscode.WorkspaceFolder,
  ): Promise<vscode.TaskExecution>;
  /**
   * Stops a running experiment gracefully: through its trainer when this window started it, else by
   * SIGINT to the pid in its lock (a run started in a terminal). False when nothing runs there.
   */
  stopExperiment(experimentDir: string): Promise<boolean>;
  runCliJob(job: CliJob): Promise<CliJobResult>;
  /** The Node that runs the CLI (setting or PATH), checked; rejects with a UserError naming the fix. */
  nodeExecutable(): Promise<string>;
}
