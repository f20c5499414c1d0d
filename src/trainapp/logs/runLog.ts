import path from 'node:path';
import type { TrainerEvent } from '../../core/events';
import { EXPERIMENT_FOLDERS, experimentPath, LOG_FILES } from '../experiments/layout';
import { AppendOnlyFile } from './appendFile';
import { LogProjector } from './derivedLogs';
import { formatEvent } from './humanLog';
import type { RunShape } from './humanLog';
import { TensorBoardWriter } from './tensorboard';

// The log files of a run, written as its events happen: every event (events.jsonl), the human log
// (train.log), one line per epoch (metrics.jsonl) and, when asked for, TensorBoard scalars. Each line is
// one synchronous append, so a killed run keeps everything up to its last event.

const LINES = { lines: true } as const;

export interface RunLogOptions {
  readonly experimentDir: string;
  readonly tensorboard: boolean;
  /** Each human line as it is logged, with the event it tells about (eventLevel gives its colour). */
  readonly onHumanLine?: (line: string, event: TrainerEvent) => void;
}

export class RunLog {
  private readonly events: AppendOnlyFile;
  private readonly human: AppendOnlyFile;
  // Opened at their first line: a session that trains nothing (finalise, evaluate) must not create them
  // empty, or rebuildLogs would take them for complete.
  private metrics: AppendOnlyFile | undefined;
  private tensorBoard: TensorBoardWriter | undefined;
  private readonly projector = new LogProjector();
  private shape: RunShape | undefined;

  constructor(private readonly options: RunLogOptions) {
    const { experimentDir } = options;
    this.events = new AppendOnlyFile(experimentPath.log(experimentDir, LOG_FILES.events), LINES);
    this.human = new AppendOnlyFile(experimentPath.log(experimentDir, LOG_FILES.train), LINES);
  }

  record(event: TrainerEvent): void {
    this.events.append(`${JSON.stringify(event)}\n`);
    if (event.type === 'train_started') {
      this.shape = { totalEpochs: event.totalEpochs, stepsPerEpoch: event.stepsPerEpoch };
    }
    const text = formatEvent(event, this.shape);
    if (text !== undefined) {
      this.human.append(`${text}\n`);
      for (const line of text.split('\n')) this.options.onHumanLine?.(line, event);
    }
    const { metricsLine, scalars } = this.projector.project(event);
    const { experimentDir } = this.options;
    if (metricsLine) {
      this.metrics ??= new AppendOnlyFile(experimentPath.log(experimentDir, LOG_FILES.metrics), LINES);
      this.metrics.append(`${JSON.stringify(metricsLine)}\n`);
    }
    if (scalars && this.options.tensorboard) {
      this.tensorBoard ??= new TensorBoardWriter(path.join(experimentDir, EXPERIMENT_FOLDERS.logs));
      this.tensorBoard.scalars(scalars.step, scalars.values, scalars.wallTime);
    }
  }

  close(): void {
    this.events.close();
    this.human.close();
    this.metrics?.close();
    this.tensorBoard?.close();
  }
}
