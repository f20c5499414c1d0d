import { parseTrainerEvent } from '../../../../core/events';
import type { TrainerEvent } from '../../../../core/events';
import { RUN_STATUSES } from '../../../../core/names';
import { metricPointsOf } from '../../../../core/panel';
import type { ExperimentSummary, MetricPoint, RunView } from '../../../../core/panel';
import { advanceProgress, INITIAL_PROGRESS } from '../../../../core/runProgress';
import type { RunProgress } from '../../../../core/runProgress';
import { isLive } from '../../../../trainapp/experiments';
import { experimentPath, LOG_FILES } from '../../../../trainapp/experiments/layout';
import { AppendedLines } from './appendedLines';
import { summarizeExperiment } from './experiments';

// Follows one experiment folder as its run writes it, whoever started the run (this window, a terminal,
// the API): logs/events.jsonl becomes the run's progress and chart points, logs/train.log the log tail.
// Each read starts where the last one ended, so what it returns is only what is new: the panel's deltas.

export interface TailUpdate {
  /** The run's progress when an event changed it since the last read. */
  readonly run?: RunView;
  /** New chart points, in file order. */
  readonly points: readonly MetricPoint[];
  /** New complete lines of train.log. */
  readonly lines: readonly string[];
  /**
   * The logs were replaced or cut short since the last read (a run started afresh in the folder): this
   * update starts over, so the points and lines shown so far are to be replaced, not added to.
   */
  readonly reset?: boolean;
}

/** The log tail a panel opens with; the whole log is a click away in the editor. */
const FIRST_LOG_LINES = 500;
/** Enough bytes for FIRST_LOG_LINES lines of any length the trainer writes. */
const FIRST_LOG_BYTES = 512 * 1024;

/** Events after which experiment_info.json may say something new (status, model, metrics). */
const INFO_CHANGING_EVENTS: ReadonlySet<TrainerEvent['type']> = new Set([
  'experiment_opened',
  'train_started',
  'finalize_step',
  'train_finished',
  'result',
  'error',
]);

const optional = <Key extends string, Value>(key: Key, value: Value | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<Key, Value>>;

export class RunTail {
  private readonly events: AppendedLines;
  private readonly log: AppendedLines;
  private progress: RunProgress = INITIAL_PROGRESS;
  private summary: ExperimentSummary | undefined;
  private live: boolean | undefined;

  constructor(readonly experimentDir: string) {
    this.events = new AppendedLines(experimentPath.log(experimentDir, LOG_FILES.events));
    this.log = new AppendedLines(experimentPath.log(experimentDir, LOG_FILES.train), {
      bytes: FIRST_LOG_BYTES,
      lines: FIRST_LOG_LINES,
    });
  }

  /** Reads what was appended since the last call (everything, the first time). Never throws on a missing file. */
  read(): TailUpdate {
    const eventRead = this.events.read();
    const logRead = this.log.read();
    if (eventRead.replaced || logRead.replaced) return { ...this.startOver(), reset: true };
    return this.apply(eventRead.lines, logRead.lines);
  }

  /** Whether a process trains or finalises the experiment now (its lock names a live process). */
  isLive(): boolean {
    return isLive(this.experimentDir);
  }

  private startOver(): TailUpdate {
    this.events.restart();
    this.log.restart();
    this.progress = INITIAL_PROGRESS;
    this.summary = undefined;
    this.live = undefined;
    return this.apply(this.events.read().lines, this.log.read().lines);
  }

  private apply(eventLines: readonly string[], logLines: readonly string[]): TailUpdate {
    const events = eventLines.flatMap((line) => {
      const parsed = line.trim() === '' ? undefined : parseTrainerEvent(line);
      // A line cut by a crash, or not ours: the run's own log reports it; the panel skips it.
      return parsed?.ok ? [parsed.value] : [];
    });
    for (const event of events) this.progress = advanceProgress(this.progress, event);
    const points = events.flatMap(metricPointsOf);
    const live = this.isLive();
    const liveChanged = live !== this.live;
    this.live = live;
    const stale =
      this.summary === undefined ||
      liveChanged ||
      events.some((event) => INFO_CHANGING_EVENTS.has(event.type));
    if (stale) this.summary = summarizeExperiment(this.experimentDir) ?? this.summary;
    const changed = events.length > 0 || stale;
    const run = changed && this.summary !== undefined ? this.runView(this.summary, live) : undefined;
    return { ...(run === undefined ? {} : { run }), points, lines: logLines };
  }

  private runView(experiment: ExperimentSummary, live: boolean): RunView {
    const { progress } = this;
    // A run that no process works on and whose info says it is over has ended, even when its events stop
    // short (a killed process writes no train_finished).
    const over = !live && experiment.status !== RUN_STATUSES.running;
    return {
      experiment,
      live,
      phase: over ? 'ended' : progress.phase,
      ...optional('epoch', progress.epoch),
      ...optional('totalEpochs', progress.totalEpochs),
      ...optional(
        'fraction',
        progress.fraction === undefined ? undefined : Math.min(1, Math.max(0, progress.fraction)),
      ),
      ...optional('etaSeconds', progress.etaSeconds),
      ...optional('error', progress.error),
    };
  }
}
