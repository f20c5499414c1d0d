import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../data/atomicWrite';
import { EXPERIMENT_FOLDERS, experimentPath, LOG_FILES } from '../experiments/layout';
import { relativeToExperiment } from '../experiments/relativePath';
import { LogProjector } from './derivedLogs';
import type { MetricsLine } from './derivedLogs';
import { readEventLog } from './eventLog';
import {
  fileVersionRecord,
  isTensorBoardFile,
  newTensorBoardFileName,
  scalarsRecord,
  wallTimeOf,
} from './tensorboard';

// `train-studio finalize` of an interrupted run, or of one a user's own trainer logged: the files derived
// from events.jsonl are written again when they are missing. Each is written whole and atomically.

export interface LogRebuild {
  /** The files written, relative to the experiment folder (`logs/metrics.jsonl`). */
  readonly written: string[];
  /** Lines of events.jsonl skipped while rebuilding because they were not events (a last line cut by a crash). */
  readonly skippedLines: number;
}

function hasTensorBoardFile(logsDir: string): boolean {
  return fs.readdirSync(logsDir).some(isTensorBoardFile);
}

export function rebuildLogs(experimentDir: string, options: { readonly tensorboard: boolean }): LogRebuild {
  const logsDir = path.join(experimentDir, EXPERIMENT_FOLDERS.logs);
  const metricsFile = experimentPath.log(experimentDir, LOG_FILES.metrics);
  const nothing: LogRebuild = { written: [], skippedLines: 0 };
  if (!fs.existsSync(experimentPath.log(experimentDir, LOG_FILES.events))) return nothing;
  const wantMetrics = !fs.existsSync(metricsFile);
  const wantTensorBoard = options.tensorboard && !hasTensorBoardFile(logsDir);
  if (!wantMetrics && !wantTensorBoard) return nothing;

  const { events, skipped } = readEventLog(experimentDir);
  const projector = new LogProjector();
  const metricsLines: MetricsLine[] = [];
  const firstWallTime = events[0] ? wallTimeOf(Date.parse(events[0].time)) : wallTimeOf(Date.now());
  const records = [fileVersionRecord(firstWallTime)];
  for (const event of events) {
    const { metricsLine, scalars } = projector.project(event);
    if (metricsLine) metricsLines.push(metricsLine);
    if (scalars) records.push(scalarsRecord(scalars.wallTime, scalars.step, scalars.values));
  }

  const written: string[] = [];
  if (wantMetrics) {
    writeFileAtomic(metricsFile, metricsLines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    written.push(metricsFile);
  }
  if (wantTensorBoard) {
    const file = path.join(logsDir, newTensorBoardFileName(firstWallTime));
    writeFileAtomic(file, Buffer.concat(records));
    written.push(file);
  }
  return {
    written: written.map((file) => relativeToExperiment(experimentDir, file)),
    skippedLines: skipped.length,
  };
}
