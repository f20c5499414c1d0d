import { escapeHtml } from './html';

// Inline SVG plots over the unit square (precision against recall, accuracy against confidence): axes from
// 0 to 1 with a grid, labels, and a <title> and <desc> for screen readers. Colours come from the page's CSS
// classes, so the charts follow the light or dark scheme.

const WIDTH = 420;
const HEIGHT = 360;
const MARGIN = { left: 52, right: 16, top: 16, bottom: 48 } as const;
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

export interface UnitScale {
  /** SVG x of a value in [0, 1] (clamped). */
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
const at = (value: number) => value.toFixed(1);

export const UNIT_SCALE: UnitScale = {
  x: (value) => MARGIN.left + clamp(value) * (WIDTH - MARGIN.left - MARGIN.right),
  y: (value) => HEIGHT - MARGIN.bottom - clamp(value) * (HEIGHT - MARGIN.top - MARGIN.bottom),
};

/** An SVG path through the points, in data coordinates. */
export function linePath(points: readonly (readonly [number, number])[]): string {
  return points
    .map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${at(UNIT_SCALE.x(x))} ${at(UNIT_SCALE.y(y))}`)
    .join('');
}

function axes(xLabel: string, yLabel: string): string {
  const { x, y } = UNIT_SCALE;
  const grid = TICKS.map(
    (tick) =>
      `<line class="grid" x1="${at(x(tick))}" y1="${at(y(0))}" x2="${at(x(tick))}" y2="${at(y(1))}"/>` +
      `<line class="grid" x1="${at(x(0))}" y1="${at(y(tick))}" x2="${at(x(1))}" y2="${at(y(tick))}"/>` +
      `<text class="tick" x="${at(x(tick))}" y="${at(y(0) + 16)}" text-anchor="middle">${tick.toFixed(1)}</text>` +
      `<text class="tick" x="${at(x(0) - 6)}" y="${at(y(tick) + 4)}" text-anchor="end">${tick.toFixed(1)}</text>`,
  ).join('');
  const frame = `<rect class="frame" x="${at(x(0))}" y="${at(y(1))}" width="${at(x(1) - x(0))}" height="${at(y(0) - y(1))}"/>`;
  const labels =
    `<text class="axis-label" x="${at((x(0) + x(1)) / 2)}" y="${String(HEIGHT - 8)}" text-anchor="middle">${escapeHtml(xLabel)}</text>` +
    `<text class="axis-label" transform="translate(14 ${at((y(0) + y(1)) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>`;
  return grid + frame + labels;
}

export interface UnitPlot {
  /** Unique on the page: the title's and description's ids derive from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** SVG elements drawn over the axes, placed with UNIT_SCALE. */
  readonly body: string;
}

export function unitPlot(plot: UnitPlot): string {
  return (
    `<svg class="chart" viewBox="0 0 ${String(WIDTH)} ${String(HEIGHT)}" width="${String(WIDTH)}" height="${String(HEIGHT)}" role="img" aria-labelledby="${plot.id}-t ${plot.id}-d">` +
    `<title id="${plot.id}-t">${escapeHtml(plot.title)}</title><desc id="${plot.id}-d">${escapeHtml(plot.description)}</desc>` +
    axes(plot.xLabel, plot.yLabel) +
    plot.body +
    '</svg>'
  );
}
