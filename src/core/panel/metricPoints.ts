import type { TrainerEvent } from '../events';
import type { MetricPoint } from './views';

/** Step series: the batch loss and the learning rate, by global step. */
export const STEP_SERIES = { loss: 'loss', lr: 'lr' } as const;

/** The chart points a trainer event adds: steps give loss and lr, epochs their metrics (`train_loss`, `val_…`). */
export function metricPointsOf(event: TrainerEvent): MetricPoint[] {
  if (event.type === 'step_finished') {
    return [
      { series: STEP_SERIES.loss, axis: 'step', x: event.globalStep, value: event.loss },
      { series: STEP_SERIES.lr, axis: 'step', x: event.globalStep, value: event.lr },
    ];
  }
  if (event.type === 'epoch_finished') {
    return Object.entries(event.metrics).map(([series, value]) => ({
      series,
      axis: 'epoch',
      x: event.epoch,
      value,
    }));
  }
  return [];
}
