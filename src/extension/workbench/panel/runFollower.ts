import path from 'node:path';
import type { HostToWebviewMessage } from '../../../core/panel/messages';
import type { ExperimentSummary, RunView } from '../../../core/panel/views';
import { listArtifacts, readEvaluationView, summarizeExperiment } from './data/experiments';
import { RunTail } from './data/runTail';
import type { TailUpdate } from './data/runTail';

// No vscode. The Run, Artifacts and Evaluation cards follow one experiment folder, whoever trains it: its
// run's progress, chart points and log lines go to the panel as deltas, polled while a process trains it
// and read once more when it ends, and its files and evaluation are listed again when a checkpoint may have
// been saved (a new epoch) and when the run ends. A read that fails (a file being replaced, a permission
// changed) is tried again, less often while it keeps failing, and reported once, not on every try.

/** How often a live run's logs are read. */
export const POLL_MS = 500;
/** The longest wait between tries while reading keeps failing. */
const MAX_RETRY_MS = 5000;

export interface FollowerEnds {
  readonly send: (message: HostToWebviewMessage) => void;
  /** A builder failed: the panel gets a notice, the output the details. */
  readonly fail: (what: string, error: unknown) => void;
}

/**
 * The edit panel's experiment: the newest (the list is newest first) started from the panel's app_state
 * file. Another app_state on the same dataset has runs of its own, which this panel must not show as its
 * run, nor stop; a run that does not record its app_state (an older trainer's) belongs to no panel.
 */
export function experimentToFollow(
  experiments: readonly ExperimentSummary[],
  appStateFile: string,
): string | undefined {
  const wanted = path.resolve(appStateFile);
  return experiments.find(
    (experiment) =>
      experiment.sourceAppState !== undefined && path.resolve(experiment.sourceAppState) === wanted,
  )?.dir;
}

/** An experiment whose events say nothing yet: starting while a process holds it, else over. */
const viewWithoutEvents = (experiment: ExperimentSummary, live: boolean): RunView => ({
  experiment,
  live,
  phase: live ? 'starting' : 'ended',
});

export class RunFollower {
  private tail: RunTail | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The next metrics and log messages replace what the panel holds. */
  private resetPending = true;
  private sentRun = false;
  private lastStage = '';
  /** The wait before the next try while reads fail; undefined while they succeed. */
  private retryMs: number | undefined;

  constructor(
    private readonly ends: FollowerEnds,
    private readonly pollMs = POLL_MS,
  ) {}

  get experimentDir(): string | undefined {
    return this.tail?.experimentDir;
  }

  /**
   * Follows `dir` (undefined: nothing, and the panel says so). The same folder again only wakes the polling
   * up (a stopped run resumed); another one starts over, with reset deltas.
   */
  follow(dir: string | undefined): void {
    if (dir !== undefined && dir === this.tail?.experimentDir) {
      if (this.timer === undefined) this.tick();
      return;
    }
    this.stopPolling();
    if (dir === undefined) {
      this.tail = undefined;
      this.ends.send({ type: 'run', run: null });
      return;
    }
    this.restart(dir);
  }

  /** The page was reloaded and holds nothing: everything again, from the start of the files. */
  resend(): void {
    if (!this.tail) {
      this.ends.send({ type: 'run', run: null });
      return;
    }
    this.stopPolling();
    this.restart(this.tail.experimentDir);
  }

  dispose(): void {
    this.stopPolling();
    this.tail = undefined;
  }

  private restart(dir: string): void {
    this.startOver(dir);
    this.retryMs = undefined;
    this.tick();
  }

  /** A fresh tail of `dir`: the next delivery sends everything, replacing what the panel holds. */
  private startOver(dir: string): void {
    this.tail = new RunTail(dir);
    this.resetPending = true;
    this.sentRun = false;
    this.lastStage = '';
  }

  private stopPolling(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    const tail = this.tail;
    if (!tail) return;
    let live: boolean;
    let update: TailUpdate;
    try {
      // Liveness first: when it says ended, this read is the one after the end and holds the last lines.
      live = tail.isLive();
      update = tail.read();
    } catch (error) {
      // Whether the run is live is unknown, and its last lines unread: try again, later each time. The
      // failed read may have consumed part of the files, so the next one starts over from their start.
      if (this.retryMs === undefined) this.ends.fail(`Following ${tail.experimentDir}`, error);
      this.startOver(tail.experimentDir);
      this.retryMs = Math.min(MAX_RETRY_MS, 2 * (this.retryMs ?? this.pollMs));
      this.schedule(this.retryMs);
      return;
    }
    this.retryMs = undefined;
    this.deliver(tail.experimentDir, update, live);
    if (live) this.schedule(this.pollMs);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.tick();
    }, delayMs);
  }

  private deliver(dir: string, update: TailUpdate, live: boolean): void {
    const run = update.run ?? (this.sentRun ? undefined : this.summaryView(dir, live));
    if (run) {
      this.sentRun = true;
      this.ends.send({ type: 'run', run });
    }
    // The tail starts over when a file was replaced or cut short (a run started again in the same folder).
    const reset = this.resetPending || update.reset === true;
    this.resetPending = false;
    if (reset || update.points.length > 0) {
      this.ends.send({ type: 'metrics', experimentDir: dir, reset, points: [...update.points] });
    }
    if (reset || update.lines.length > 0) {
      this.ends.send({ type: 'log', experimentDir: dir, reset, lines: [...update.lines] });
    }
    // A checkpoint is saved as an epoch ends, and the evaluation is written as the run ends.
    const stage = live ? `${run?.phase ?? ''}:${String(run?.epoch ?? '')}` : 'ended';
    if (reset || (run && stage !== this.lastStage) || (!live && this.lastStage !== 'ended')) {
      this.lastStage = stage;
      this.sendFiles(dir);
    }
  }

  private summaryView(dir: string, live: boolean): RunView | null {
    try {
      const summary = summarizeExperiment(dir);
      return summary ? viewWithoutEvents(summary, live) : null;
    } catch (error) {
      this.ends.fail(`Reading ${dir}`, error);
      return null;
    }
  }

  private sendFiles(dir: string): void {
    try {
      this.ends.send({ type: 'artifacts', experimentDir: dir, files: listArtifacts(dir) });
      this.ends.send({ type: 'evaluation', experimentDir: dir, evaluation: readEvaluationView(dir) });
    } catch (error) {
      this.ends.fail(`Listing the files of ${dir}`, error);
    }
  }
}
