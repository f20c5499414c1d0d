import type { TrainerEvent, TrainerEventBody } from '../../core/events';
import type { ExperimentInfo } from '../../core/schemas';
import { readExperimentInfo, updateExperimentInfo } from '../experiments';
import { RunLog } from '../logs';

// One process's hold on an experiment folder while it trains or finalises: every event goes to the run's
// log files first (the folder is the truth), then to whoever watches this process.

export interface SessionOptions {
  readonly experimentDir: string;
  /** The run id every event carries: the experiment folder's name. */
  readonly runId: string;
  readonly tensorboard: boolean;
  /** Each event, after it is on disk: the CLI prints them as JSON lines with --events. */
  readonly onEvent?: (event: TrainerEvent) => void;
  /** Each human log line, for the terminal. */
  readonly onHumanLine?: (line: string, event: TrainerEvent) => void;
  readonly clock?: () => Date;
}

export class ExperimentSession {
  private readonly log: RunLog;
  /** Epochs finished in this process and before it (set from a resumed run's info). */
  epochsDone = 0;

  constructor(private readonly options: SessionOptions) {
    this.log = new RunLog({
      experimentDir: options.experimentDir,
      tensorboard: options.tensorboard,
      ...(options.onHumanLine ? { onHumanLine: options.onHumanLine } : {}),
    });
  }

  get experimentDir(): string {
    return this.options.experimentDir;
  }

  get runId(): string {
    return this.options.runId;
  }

  emit(body: TrainerEventBody): void {
    const time = (this.options.clock?.() ?? new Date()).toISOString();
    const event: TrainerEvent = { ...body, time, runId: this.options.runId };
    if (event.type === 'epoch_finished') this.epochsDone = Math.max(this.epochsDone, event.epoch);
    this.log.record(event);
    this.options.onEvent?.(event);
  }

  info(message: string, level: 'info' | 'warning' | 'error' = 'info'): void {
    this.emit({ type: 'log', level, message });
  }

  read(): ExperimentInfo {
    return readExperimentInfo(this.options.experimentDir);
  }

  update(change: (info: ExperimentInfo) => ExperimentInfo): ExperimentInfo {
    return updateExperimentInfo(this.options.experimentDir, change);
  }

  close(): void {
    this.log.close();
  }
}
