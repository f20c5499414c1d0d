import fs from 'node:fs';
import type { ExperimentInfo } from '../../../core/schemas';
import { primaryMetricOf } from '../../../metrics/primaryMetric';
import type { Metric } from '../../../trainapp/experiments';
import { experimentPath, LOG_FILES } from '../../../trainapp/experiments/layout';

// Where a run that trains in a terminal (or was interrupted) got to: it has no evaluation yet, so no key
// metric, but its latest epoch in logs/metrics.jsonl says as much.

export interface EpochLine {
  readonly epoch: number;
  /** The validation value of the key metric, else the training loss. */
  readonly metric?: Metric;
}

/** Enough for the last line of metrics.jsonl (one line an epoch, a few hundred bytes each). */
const TAIL_BYTES = 64 * 1024;

function tailOf(file: string): string | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(file, 'r');
    const size = fs.fstatSync(descriptor).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(descriptor, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    // A line the trainer is still writing.
    return undefined;
  }
}

/** The latest whole line of logs/metrics.jsonl: how far a run got, even one this window did not start. */
export function latestEpochOf(dir: string, info: ExperimentInfo | undefined): EpochLine | undefined {
  const tail = tailOf(experimentPath.log(dir, LOG_FILES.metrics));
  if (tail === undefined) return undefined;
  const line = tail
    .split('\n')
    .reverse()
    .map(parseLine)
    .find((parsed) => typeof parsed?.epoch === 'number');
  if (line === undefined) return undefined;
  const primary = primaryMetricOf(info?.task_type);
  const candidates = [...(primary === undefined ? [] : [`val_${primary}`]), 'train_loss'];
  const name = candidates.find((candidate) => typeof line[candidate] === 'number');
  return {
    epoch: line.epoch as number,
    ...(name === undefined ? {} : { metric: { name, value: line[name] as number } }),
  };
}
