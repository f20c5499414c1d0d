import path from 'node:path';
import type { TrainerEvent } from '../core/events';
import { StopController } from '../engine/train/stop';
import { builtinFrameworkDir } from '../trainapp/configFiles';
import { formatMetricValue } from '../trainapp/experiments';
import { EXPERIMENTS_FOLDER, LOG_FILES, EXPERIMENT_FOLDERS } from '../trainapp/experiments/layout';
import { userCacheDir } from '../trainapp/modelSource/cacheDir';
import { readEvaluationFolder, summarizeEvaluation } from '../trainapp/evaluation';
import { eventLevel } from '../trainapp/logs';
import { failureOf } from '../trainapp/run';
import type { RunEnvironment, RunOutcome } from '../trainapp/run';
import type { RunProblem } from '../trainapp/runError';
import type { CliContext } from './context';

// What the run commands share: the environment a run gets from the command line, and what the terminal
// shows while it trains and when it ends. With --events, stdout carries nothing but trainer events (one
// JSON object per line) for a program to read; people read stderr.

/** A step line on the terminal at most this often; every line still goes to logs/train.log. */
const STEP_LINE_INTERVAL_MS = 2000;

const COLOURS = { warning: '\u001b[33m', error: '\u001b[31m', reset: '\u001b[0m' } as const;

export interface RunFlags {
  readonly experiments?: string | undefined;
  readonly events?: boolean | undefined;
}

export const RUN_FLAG_OPTIONS = {
  experiments: { type: 'string' },
  events: { type: 'boolean' },
} as const;

export const RUN_FLAG_USAGE = [
  '  --experiments <dir>  where experiment folders go (default: ./experiments)',
  '  --events             print trainer events on stdout, one JSON object per line (the log goes to stderr)',
];

/** Human lines for the terminal: step lines thinned out, warnings and errors coloured when it can. */
function terminalPrinter(context: CliContext): (line: string, event: TrainerEvent) => void {
  let lastStepLine = 0;
  return (line, event) => {
    // The command ends with the error, its hint and the log's path; telling it twice would bury them.
    if (event.type === 'error') return;
    if (event.type === 'step_finished') {
      const now = Date.now();
      const lastOfEpoch = event.globalStep === event.totalSteps;
      if (now - lastStepLine < STEP_LINE_INTERVAL_MS && !lastOfEpoch) return;
      lastStepLine = now;
    }
    const level = eventLevel(event);
    context.err(context.colour && level !== 'info' ? `${COLOURS[level]}${line}${COLOURS.reset}` : line);
  };
}

export function runEnvironment(context: CliContext, flags: RunFlags): RunEnvironment {
  const stop = new StopController();
  return {
    experimentsDir: path.resolve(context.cwd, flags.experiments ?? EXPERIMENTS_FOLDER),
    builtinFrameworkDir: builtinFrameworkDir(context.packageRoot),
    cacheDir: userCacheDir(context.env ?? process.env),
    searchDirectories: [context.cwd],
    stop,
    onHumanLine: terminalPrinter(context),
    ...(flags.events
      ? {
          onEvent: (event: TrainerEvent) => {
            context.out(JSON.stringify(event));
          },
        }
      : {}),
  };
}

/** Runs `work` with the environment's stop controller bound to the process for its duration. */
export async function withStopBinding<T>(
  context: CliContext,
  environment: RunEnvironment,
  work: () => Promise<T>,
): Promise<T> {
  const unbind = context.bindStop?.(environment.stop);
  try {
    return await work();
  } finally {
    unbind?.();
  }
}

/** Where the end of a run is told: stdout for people, stderr when stdout is reserved for events. */
const summaryWriter = (context: CliContext, flags: RunFlags) => (flags.events ? context.err : context.out);

function printProblem(command: string, context: CliContext, problem: RunProblem): void {
  context.err(`train-studio ${command}: ${problem.message}`);
  context.err(`  ${problem.hint}`);
}

/** The run's end: its folder, status, and metrics; exit 0 unless it failed. */
export function reportOutcome(
  command: string,
  context: CliContext,
  flags: RunFlags,
  outcome: RunOutcome,
): number {
  const write = summaryWriter(context, flags);
  const { info, experimentDir } = outcome;
  const log = path.join(experimentDir, EXPERIMENT_FOLDERS.logs, LOG_FILES.train);
  if (outcome.problem) {
    printProblem(command, context, outcome.problem);
    context.err(`  Log: ${log}`);
    write(`Experiment: ${experimentDir} (failed)`);
    return 1;
  }
  write(`Experiment: ${experimentDir}`);
  write(
    `Status:     ${info.status}, ${String(info.epochs ?? 0)} epoch(s)${info.best_checkpoint ? `, best checkpoint ${info.best_checkpoint}` : ''}`,
  );
  const evaluation = readEvaluationFolder(experimentDir);
  if (evaluation) {
    write('');
    for (const line of summarizeEvaluation(evaluation)) write(line);
  } else {
    const metrics = Object.entries(info.evaluation_metrics);
    const width = Math.max(0, ...metrics.map(([name]) => name.length));
    for (const [name, value] of metrics) write(`  ${name.padEnd(width)}  ${formatMetricValue(value)}`);
  }
  return 0;
}

/** A failure before the run had a folder to record it in (the experiment named does not exist...). */
export function reportEarlyFailure(command: string, context: CliContext, error: unknown): number {
  const { problem, stack } = failureOf(error);
  if (stack) throw error;
  printProblem(command, context, problem);
  return 1;
}
