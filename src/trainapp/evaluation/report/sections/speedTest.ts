import { milliseconds } from '../../../speedTest/table';
import { escapeHtml, note, table } from '../html';
import type { ReportSection } from './section';

// How fast the checkpoint predicts, per runtime and batch size, when a speed test was run; else how to run
// one.

export const speedTestSection: ReportSection = {
  id: 'speed',
  title: 'Speed test',
  body: (data) => {
    const test = data.speedTest;
    if (test === undefined) {
      return note(
        `No speed test yet: run <code>train-studio benchmark ${escapeHtml(data.experiment.dir)}</code> to time the checkpoint.`,
      );
    }
    const rows = test.measurements.map((measurement) => [
      escapeHtml(measurement.runtime),
      escapeHtml(measurement.device),
      String(measurement.batch_size),
      milliseconds(measurement.latency_ms.median),
      milliseconds(measurement.latency_ms.p95),
      measurement.throughput.toFixed(1),
    ]);
    const facts = `<p>${escapeHtml(`${test.checkpoint} at ${String(test.input_size)}×${String(test.input_size)} pixels, measured ${test.time}.`)}</p>`;
    const measured =
      rows.length === 0
        ? note('No runtime was measured.')
        : table(
            'Latency per batch and throughput',
            ['runtime', 'device', 'batch', 'median (ms)', 'p95 (ms)', 'images/s'],
            rows,
            'numbers',
          );
    const skipped = test.skipped.map(
      ({ runtime, reason }) => `<li>${escapeHtml(runtime)}: ${escapeHtml(reason)}</li>`,
    );
    return (
      facts + measured + (skipped.length === 0 ? '' : `<p>Not measured:</p><ul>${skipped.join('')}</ul>`)
    );
  },
};
