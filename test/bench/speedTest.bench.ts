// The speed test of each built-in architecture at the default input size: inference latency (median and
// p95) and throughput at batch 1, 8 and 32, on each tfjs backend that loads here and on ONNX Runtime CPU,
// with the harness and defaults `train-studio benchmark` uses. Figures only: it never fails on timing.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { TRAINING_BACKENDS } from '../../src/core/events';
import type { SpeedRow } from './speedTestRows';

const BATCH_SIZES = '1,8,32';
// The pure-JS backend is a last resort, about 100x slower than wasm: batch 1 shows it.
const CPU_BATCH_SIZES = '1';

function rowsOf(args: readonly string[]): SpeedRow[] {
  const script = path.join(__dirname, 'speedTestRows.js');
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  const rows = result.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as SpeedRow);
  if (rows.length === 0)
    return [
      {
        arch: '-',
        inputSize: 0,
        runtime: 'tfjs',
        device: args[0] ?? '?',
        error: result.stderr.trim().split('\n').at(-1) ?? 'no output',
      },
    ];
  return rows;
}

function line(row: SpeedRow): string {
  const name = `${row.arch} ${String(row.inputSize)}px ${row.runtime} (${row.device})`.padEnd(44);
  if (!row.timing) return `${name} n/a (${row.error ?? '?'})`;
  const { batchSize, latencyMs, throughput, runs } = row.timing;
  return `${name} b${String(batchSize).padEnd(3)} median ${latencyMs.median.toFixed(2).padStart(9)} ms  p95 ${latencyMs.p95.toFixed(2).padStart(9)} ms  ${throughput.toFixed(1).padStart(8)} img/s  (${String(runs)} runs)`;
}

function main(): void {
  console.log(`${String(os.availableParallelism())} cores`);
  const backends = Object.values(TRAINING_BACKENDS);
  // ONNX Runtime's figures do not depend on the tfjs backend: they are taken once, beside the first that loads.
  let onnxDone = false;
  for (const backend of backends) {
    const cpu = backend === TRAINING_BACKENDS.cpu;
    const rows = rowsOf([
      backend,
      cpu ? CPU_BATCH_SIZES : BATCH_SIZES,
      ...(onnxDone || cpu ? [] : ['--onnx']),
    ]);
    const loaded = rows.some((row) => row.timing !== undefined);
    if (!loaded) {
      console.log(`${backend}: skipped (${rows[0]?.error ?? '?'})`);
      continue;
    }
    onnxDone ||= rows.some((row) => row.runtime === 'onnxruntime');
    for (const row of rows) console.log(line(row));
  }
}

main();
