import type { MetricPoint, RunView } from '../../../../core/panel';

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
}

export class RunTail {
  constructor(readonly experimentDir: string) {}

  /** Reads what was appended since the last call (everything, the first time). Never throws on a missing file. */
  read(): TailUpdate {
    throw new Error(`not built yet: ${this.experimentDir}`);
  }

  /** Whether a process trains or finalises the experiment now (its lock names a live process). */
  isLive(): boolean {
    throw new Error(`not built yet: ${this.experimentDir}`);
  }
}
