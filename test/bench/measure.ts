// Shared by the benchmarks: timing by median of repeated runs, and peak memory of this process.

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
}

/** Runs `work` a few times to warm the JIT, then `runs` times, and returns the median and minimum. */
export function time(work: () => unknown, runs = 30, warmup = 5): Timing {
  for (let index = 0; index < warmup; index += 1) work();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = process.hrtime.bigint();
    work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)] ?? NaN, minMs: samples[0] ?? NaN, runs };
}

/** Peak resident set size of this process so far, in MiB (maxRSS is in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** One aligned line per figure: `name  value unit  (target)`. */
export function report(name: string, value: number, unit: string, target?: string): void {
  const figure = `${value.toFixed(value < 10 ? 2 : 0)} ${unit}`;
  console.log(`${name.padEnd(52)} ${figure.padStart(12)}${target ? `   target ${target}` : ''}`);
}
