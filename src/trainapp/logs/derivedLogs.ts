import type { TrainerEvent } from '../../core/events';
import { wallTimeOf } from './tensorboard';

// metrics.jsonl and the TensorBoard scalars are views of the event stream. The live log and the rebuild
// of an interrupted run's logs both take them from here, so that a rebuilt file equals the one a whole
// run would have written.

/** One line of metrics.jsonl. */
export type MetricsLine = Readonly<Record<string, number | string>> & {
  readonly epoch: number;
  /** The global step of the epoch's last optimizer step. */
  readonly step: number;
  readonly time: string;
};

export interface ScalarRecord {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
  /** Seconds since the epoch: the event's own time, so that a rebuilt file has the run's times. */
  readonly wallTime: number;
}

export interface DerivedRecords {
  readonly metricsLine?: MetricsLine;
  readonly scalars?: ScalarRecord;
}

const TRAIN_PREFIX = 'train_';
const VAL_PREFIX = 'val_';

/**
 * TensorBoard tag of an epoch metric. Epoch-level training metrics get `epoch_` (as Keras names them) so
 * that `train_loss` does not land in the per-step `train/loss` series, whose steps count batches.
 */
function epochTag(name: string): string {
  if (name.startsWith(TRAIN_PREFIX)) return `train/epoch_${name.slice(TRAIN_PREFIX.length)}`;
  if (name.startsWith(VAL_PREFIX)) return `val/${name.slice(VAL_PREFIX.length)}`;
  return name;
}

export class LogProjector {
  /** The global step reached: where metrics.jsonl says an epoch ended. */
  private globalStep = 0;

  project(event: TrainerEvent): DerivedRecords {
    const wallTime = wallTimeOf(Date.parse(event.time));
    switch (event.type) {
      case 'train_started':
        // A run resumed at an epoch boundary may validate before its first step.
        this.globalStep = (event.startEpoch - 1) * event.stepsPerEpoch;
        return {};
      case 'step_finished':
        this.globalStep = event.globalStep;
        return {
          scalars: {
            step: event.globalStep,
            values: { 'train/loss': event.loss, 'train/lr': event.lr },
            wallTime,
          },
        };
      case 'epoch_finished': {
        const fixed = { epoch: event.epoch, step: this.globalStep, time: event.time };
        // Spreading `fixed` twice keeps its keys first in the line and its values over any same-named metric.
        const metricsLine = { ...fixed, ...event.metrics, ...fixed };
        const values = Object.fromEntries(
          Object.entries(event.metrics).map(([name, value]) => [epochTag(name), value]),
        );
        return { metricsLine, scalars: { step: event.epoch, values, wallTime } };
      }
      default:
        return {};
    }
  }
}
