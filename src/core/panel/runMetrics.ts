import type { MetricPoint } from './views';
import { SeriesBuffer } from './seriesBuffer';

// The chart data the Run card holds for the experiment it follows, built from the host's append-only
// `metrics` deltas (and the same rule serves the `log` deltas).

/** What a `metrics` or `log` delta says about where it belongs. */
export interface DeltaTarget {
  readonly experimentDir: string;
  readonly reset: boolean;
}

/**
 * Whether a delta applies to what is held for `heldDir`: a reset always does (it replaces everything), an
 * append only to the same experiment, since appending another run's points would splice two runs together.
 */
export const deltaApplies = (heldDir: string | undefined, delta: DeltaTarget): boolean =>
  delta.reset || delta.experimentDir === heldDir;

export class RunMetrics {
  private heldDir: string | undefined;
  /** By series name: `loss` and `lr` by global step, `train_loss` and `val_…` by epoch. */
  private readonly byAxis = { step: new Map<string, SeriesBuffer>(), epoch: new Map<string, SeriesBuffer>() };

  get experimentDir(): string | undefined {
    return this.heldDir;
  }

  series(axis: MetricPoint['axis']): ReadonlyMap<string, SeriesBuffer> {
    return this.byAxis[axis];
  }

  /** Applies a delta; returns false when it was ignored (another experiment's append). */
  apply(delta: DeltaTarget & { readonly points: readonly MetricPoint[] }): boolean {
    if (!deltaApplies(this.heldDir, delta)) return false;
    if (delta.reset) {
      this.heldDir = delta.experimentDir;
      this.byAxis.step.clear();
      this.byAxis.epoch.clear();
    }
    for (const point of delta.points) {
      const series = this.byAxis[point.axis];
      let buffer = series.get(point.series);
      if (buffer === undefined) {
        buffer = new SeriesBuffer();
        series.set(point.series, buffer);
      }
      buffer.append(point.x, point.value);
    }
    return true;
  }
}
