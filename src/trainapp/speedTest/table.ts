// How a speed test reads on a terminal and in a notification. Pure (core types only), so the extension can
// word its notification the way the CLI prints its table without loading the engine.
import type { SpeedTestMeasurement, SpeedTestReport } from '../../core/schemas';

const COLUMNS = ['runtime', 'device', 'batch', 'median ms', 'p95 ms', 'images/s'] as const;

/** Three significant digits or more: 0.064, 4.17, 131.2. The terminal, notifications and the report all use it. */
export const milliseconds = (value: number): string => value.toFixed(value < 1 ? 3 : value < 10 ? 2 : 1);

function cells(measurement: SpeedTestMeasurement): string[] {
  return [
    measurement.runtime,
    measurement.device,
    String(measurement.batch_size),
    milliseconds(measurement.latency_ms.median),
    milliseconds(measurement.latency_ms.p95),
    measurement.throughput.toFixed(1),
  ];
}

/** One measurement as a line of the log: what a run prints as the speed test goes. */
export function measurementLine(measurement: SpeedTestMeasurement): string {
  const { runtime, device, batch_size: batch, latency_ms: latency, runs } = measurement;
  return `Speed test, ${runtime} (${device}) batch ${String(batch)}: median ${milliseconds(latency.median)} ms, p95 ${milliseconds(latency.p95)} ms, ${measurement.throughput.toFixed(1)} images/s (${String(runs)} runs).`;
}

/** A title, the report as an aligned table (text left, numbers right), then a line per runtime skipped. */
export function speedTestTable(report: SpeedTestReport): string[] {
  const rows = [[...COLUMNS], ...report.measurements.map(cells)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
  const title = `Speed test of ${report.checkpoint}, ${String(report.input_size)} px input:`;
  return [title, ...lines, ...report.skipped.map(({ runtime, reason }) => `${runtime} skipped: ${reason}`)];
}

/** Each runtime's median latency at batch 1, or why it has none: `tfjs (wasm) 3.21 ms, onnxruntime (cpu) 1.05 ms`. */
export function batchOneSummary(report: SpeedTestReport): string {
  const timed = report.measurements
    .filter((measurement) => measurement.batch_size === 1)
    .map(
      ({ runtime, device, latency_ms: latency }) =>
        `${runtime} (${device}) ${milliseconds(latency.median)} ms`,
    );
  const skipped = report.skipped.map(({ runtime }) => `${runtime} skipped`);
  return [...timed, ...skipped].join(', ');
}
