import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpeedTestReport } from '../../../../src/core/schemas';
import { benchmarkArgs } from '../../../../src/extension/workbench/commands/cliArgs';
import { batchOneSummary, speedTestTable } from '../../../../src/trainapp/speedTest/table';

// Run Speed Test's side of the CLI: the command line it runs, and how the report it reads back is worded in
// the notification and the terminal.

const measurement = (runtime: 'tfjs' | 'onnxruntime', device: string, batch: number, median: number) => ({
  runtime,
  device,
  batch_size: batch,
  runs: 5,
  latency_ms: { median, p95: median * 1.5, mean: median * 1.1, min: median * 0.9 },
  throughput: (batch * 1000) / median,
});

const report = SpeedTestReport.parse({
  checkpoint: 'best.json',
  input_size: 128,
  time: '2025-01-02T03:04:05.000Z',
  measurements: [
    measurement('tfjs', 'wasm', 1, 4.1234),
    measurement('tfjs', 'wasm', 32, 131.5),
    measurement('onnxruntime', 'cpu', 1, 0.0642),
    measurement('onnxruntime', 'cpu', 32, 20),
  ],
});

describe('Run Speed Test', () => {
  it('runs benchmark <dir> [--checkpoint <file>], the best checkpoint unless one is named', () => {
    assert.deepEqual(benchmarkArgs('/w/experiments/p/1_tfjs'), ['benchmark', '/w/experiments/p/1_tfjs']);
    assert.deepEqual(benchmarkArgs('/e', 'last.json'), ['benchmark', '/e', '--checkpoint', 'last.json']);
  });

  it('tells each runtime’s median latency at batch 1, and which runtimes were skipped', () => {
    assert.equal(batchOneSummary(report), 'tfjs (wasm) 4.12 ms, onnxruntime (cpu) 0.064 ms');
    const withoutOnnx = SpeedTestReport.parse({
      ...report,
      measurements: report.measurements.filter(({ runtime }) => runtime === 'tfjs'),
      skipped: [{ runtime: 'onnxruntime', reason: 'onnxruntime-node is not installed.' }],
    });
    assert.equal(batchOneSummary(withoutOnnx), 'tfjs (wasm) 4.12 ms, onnxruntime skipped');
  });

  it('prints an aligned table: title, header, a row per measurement, then what was skipped', () => {
    const lines = speedTestTable({ ...report, skipped: [{ runtime: 'onnxruntime', reason: 'why' }] });
    assert.equal(lines[0], 'Speed test of best.json, 128 px input:');
    assert.match(lines[1] ?? '', /^runtime +device +batch +median ms +p95 ms +images\/s$/);
    assert.match(lines[2] ?? '', /^tfjs +wasm +1 +4\.12 +6\.19 +242\.5$/);
    assert.match(lines[3] ?? '', /^tfjs +wasm +32 +131\.5 +197\.3 +243\.3$/);
    assert.match(lines[4] ?? '', /^onnxruntime +cpu +1 +0\.064 +0\.096 +15576\.3$/);
    assert.equal(lines.at(-1), 'onnxruntime skipped: why');
    const rows = lines.slice(1, 6);
    for (const row of rows) assert.equal(row.length, rows[0]?.length, row);
  });
});
