import uPlot from 'uplot';
import { formatTicks } from '../../src/core/panel/format';
import { CHART_UPDATE_MEASURE } from '../../src/core/panel/measures';
import { h } from '../controls/dom';
import { coalesce } from '../live/coalesce';
import { chartPalette, onThemeChange } from './theme';

// One uPlot chart that follows data held elsewhere: a card says "changed" (invalidate) as often as it
// likes, and the chart pulls the data at most ten times a second. The plot is built once per set of series
// and then only fed new data with setData; it is rebuilt only when a series appears, goes or changes axis,
// or the theme changes (its colours are baked into the canvas).

/** What a chart shows now: the series labels, uPlot's aligned data ([x, ...ys]), and a text alternative. */
export interface ChartFrame {
  readonly names: readonly string[];
  readonly data: uPlot.AlignedData;
  /** Latest values in words, shown under the chart for people who cannot see it. */
  readonly summary?: string;
  /** Series drawn against a second y axis, on the right, with its label: values of another range. */
  readonly rightAxis?: { readonly label: string; readonly names: readonly string[] };
}

/** The y scale of the series on the right axis (the left one is uPlot's default, `y`). */
const RIGHT_SCALE = 'right';
/**
 * uPlot.Axis.Side.Right, written out: it is a const enum declared in uPlot's .d.ts, and esbuild, which
 * compiles one file at a time, would leave `uPlot.Axis.Side.Right` as a lookup that fails at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- see above
const RIGHT_SIDE = 1 as uPlot.Axis.Side;

export interface ChartOptions {
  readonly id: string;
  /** The accessible name: what the chart plots against what. */
  readonly label: string;
  readonly xLabel: string;
  /** Shown instead of an empty plot. */
  readonly emptyText: string;
  /** x and y from 0 to 1 (PR curves). */
  readonly unitRange?: boolean;
  /** Join the line across missing values (undefined); null values always break it. */
  readonly spanGaps?: boolean;
  readonly height?: number;
}

export const EMPTY_FRAME: ChartFrame = { names: [], data: [[]] };

const DEFAULT_WIDTH = 600;

export class LiveChart {
  readonly root: HTMLElement;
  /** Schedules a redraw from the source; cheap, call it after every change. */
  readonly invalidate: () => void;
  private readonly host = h('div', { class: 'chart-plot' });
  private readonly empty: HTMLElement;
  private readonly summary = h('p', { class: 'chart-summary' });
  private plot: uPlot | undefined;
  /** The series and their axes the plot was built for: a frame with others needs a new plot. */
  private layout = '';
  private updateStarted: number | undefined;

  constructor(
    private readonly options: ChartOptions,
    private readonly source: () => ChartFrame,
  ) {
    this.empty = h('p', { class: 'chart-empty' }, options.emptyText);
    this.root = h(
      'div',
      { id: options.id, class: 'chart', role: 'figure', 'aria-label': options.label, 'data-points': '0' },
      this.host,
      this.empty,
      this.summary,
    );
    this.invalidate = coalesce(() => {
      this.flush();
    });
    new ResizeObserver(() => {
      this.plot?.setSize({ width: this.width(), height: this.height() });
    }).observe(this.root);
    onThemeChange(() => {
      if (this.plot) this.build(this.source());
    });
  }

  private width(): number {
    return this.root.clientWidth > 0 ? this.root.clientWidth : DEFAULT_WIDTH;
  }

  private height(): number {
    return this.options.height ?? 220;
  }

  private flush(): void {
    const started = performance.now();
    const frame = this.source();
    const [xs] = frame.data;
    this.root.dataset.points = String(xs.length);
    this.summary.textContent = frame.summary ?? '';
    this.empty.hidden = frame.names.length > 0;
    if (frame.names.length === 0) {
      this.plot?.destroy();
      this.plot = undefined;
      this.layout = '';
    } else if (this.plot === undefined || this.layout !== layoutOf(frame)) {
      this.build(frame);
    } else {
      this.updateStarted = started;
      this.plot.setData(frame.data);
    }
  }

  private build(frame: ChartFrame): void {
    this.plot?.destroy();
    this.layout = layoutOf(frame);
    const palette = chartPalette();
    const axis = (label: string | undefined): uPlot.Axis => ({
      stroke: palette.text,
      values: (_plot, ticks) => formatTicks(ticks),
      grid: { stroke: palette.grid, width: 1 },
      ticks: { stroke: palette.grid, width: 1 },
      ...(label === undefined ? {} : { label }),
    });
    const right = frame.rightAxis;
    // Its grid would not line up with the left axis' ticks: one set of grid lines is easier to read.
    const rightAxis = right && {
      ...axis(right.label),
      scale: RIGHT_SCALE,
      side: RIGHT_SIDE,
      grid: { show: false },
    };
    const range: uPlot.Range.MinMax = [0, 1];
    const spanGaps = this.options.spanGaps ?? false;
    this.plot = new uPlot(
      {
        width: this.width(),
        height: this.height(),
        scales: this.options.unitRange ? { x: { time: false, range }, y: { range } } : { x: { time: false } },
        series: [
          { label: this.options.xLabel },
          ...frame.names.map((name, index) => ({
            label: name,
            stroke: palette.series[index % palette.series.length] ?? palette.text,
            width: 1.5,
            spanGaps,
            ...(right?.names.includes(name) && { scale: RIGHT_SCALE }),
          })),
        ],
        axes: [axis(this.options.xLabel), axis(undefined), ...(rightAxis ? [rightAxis] : [])],
        hooks: {
          draw: [
            () => {
              this.recordUpdate();
            },
          ],
        },
      },
      frame.data,
      this.host,
    );
  }

  /** uPlot redraws in a microtask after setData: the measure ends when the new frame is drawn. */
  private recordUpdate(): void {
    if (this.updateStarted === undefined) return;
    // Only the latest entry is kept, so a run of hours does not fill the timeline; observers see them all.
    performance.clearMeasures(CHART_UPDATE_MEASURE);
    performance.measure(CHART_UPDATE_MEASURE, { start: this.updateStarted, end: performance.now() });
    this.updateStarted = undefined;
  }
}

const layoutOf = (frame: ChartFrame): string => JSON.stringify([frame.names, frame.rightAxis ?? null]);
