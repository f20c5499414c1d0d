import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Experiment folders as a run leaves them, written by the tests: experiment_info.json, its lock, the
// files under checkpoints/, logs/ and evaluation/.

export function temporaryFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ts-${prefix}-`));
}

export interface RunFiles {
  /** experiment_info.json: an object is written as JSON, a string as it is. */
  readonly info?: object | string;
  /** The pid in `.lock`. */
  readonly lockPid?: number;
  /** Relative path → contents. */
  readonly files?: Readonly<Record<string, string>>;
}

export function writeRun(
  experimentsDir: string,
  project: string,
  run: string,
  contents: RunFiles = {},
): string {
  const dir = path.join(experimentsDir, project, run);
  fs.mkdirSync(dir, { recursive: true });
  if (contents.info !== undefined) {
    const text = typeof contents.info === 'string' ? contents.info : JSON.stringify(contents.info, null, 2);
    fs.writeFileSync(path.join(dir, 'experiment_info.json'), text);
  }
  if (contents.lockPid !== undefined) fs.writeFileSync(path.join(dir, '.lock'), String(contents.lockPid));
  for (const [relative, text] of Object.entries(contents.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}

export function infoOf(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    experiment_name: 'cats-run',
    framework_name: 'tfjs',
    model_name: 'Classifier-S',
    task_type: 'classification',
    project: 'cats',
    status: 'completed',
    datetime: '2026-01-02T10:00:00.000Z',
    project_version: 'a1b2c3d4e5f6a7b8c9d0',
    ...fields,
  };
}

/** The pid of a process that has ended: what a lock left by a crashed trainer names. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

export const metricsLine = (epoch: number, metrics: Record<string, number>) =>
  `${JSON.stringify({ epoch, step: epoch * 10, time: '2026-01-02T10:01:00.000Z', ...metrics })}\n`;
