// How the panel writes numbers for people: sizes, metric values and durations.

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `512 B`, `1.5 KiB`, `23 MiB`: binary units, three significant digits at most. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} B`;
  let value = bytes;
  let unit: string = BYTE_UNITS[0];
  for (const candidate of BYTE_UNITS) {
    value /= 1024;
    unit = candidate;
    if (value < 1024) break;
  }
  return `${value < 10 ? value.toFixed(1) : String(Math.round(value))} ${unit}`;
}

/** A metric value with 4 significant digits, without trailing zeros: `0.8123`, `12.5`, `1235`. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** `45 s`, `1 min 12 s`, `2 h 5 min`: a duration as people say it (and screen readers read it). */
export function formatDurationWords(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  if (hours > 0) return minutes > 0 ? `${String(hours)} h ${String(minutes)} min` : `${String(hours)} h`;
  if (minutes > 0) return secs > 0 ? `${String(minutes)} min ${String(secs)} s` : `${String(minutes)} min`;
  return `${String(secs)} s`;
}

/**
 * Labels for an axis' ticks with just enough decimals to tell neighbours apart: a learning rate decaying
 * from 0.00300 to 0.00295 would otherwise read 0.003 at every tick.
 */
export function formatTicks(ticks: readonly number[]): string[] {
  const steps = ticks.slice(1).map((tick, index) => Math.abs(tick - (ticks[index] ?? tick)));
  const step = Math.min(...steps.filter((each) => each > 0));
  if (!Number.isFinite(step)) return ticks.map((tick) => String(tick));
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return ticks.map((tick) => tick.toFixed(decimals));
}
