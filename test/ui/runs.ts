import fs from 'node:fs';
import path from 'node:path';
import { ExperimentInfo } from '../../src/core/schemas';
import { QUICK_HYPERPARAMETERS } from '../fixtures/quickRun';

// The UI tests' runs as files: the quick hyperparameters with another number of epochs, the experiment
// folders runs leave in the workspace, and waiting for a file to say something.

/** QUICK_HYPERPARAMETERS training for `epochs`: more to be seen running, many more to be stopped. */
export function hyperparametersFor(epochs: number): string {
  const text = QUICK_HYPERPARAMETERS.replace(/^epochs: \d+$/m, `epochs: ${epochs}`);
  if (!text.includes(`epochs: ${epochs}\n`)) throw new Error('QUICK_HYPERPARAMETERS has no epochs line');
  return text;
}

export interface ExperimentOnDisk {
  readonly dir: string;
  readonly status: string;
}

/** The experiment folders' own word on each run (its folder, how it ended), by experiment name. */
export function experimentsOnDisk(workspace: string): Map<string, ExperimentOnDisk> {
  const experiments = new Map<string, ExperimentOnDisk>();
  const root = path.join(workspace, 'experiments');
  for (const project of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    for (const run of fs.readdirSync(path.join(root, project))) {
      const dir = path.join(root, project, run);
      const file = path.join(dir, 'experiment_info.json');
      if (!fs.existsSync(file)) continue;
      const info = ExperimentInfo.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      experiments.set(info.experiment_name, { dir, status: info.status });
    }
  }
  return experiments;
}

/**
 * Polls `check` until it returns a value, for up to `timeoutMs`: what the UI does reaches the disk through
 * the extension host, a moment later. The timeout names `what`, and `lastSeen` tells what was there instead.
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  lastSeen: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const seen = lastSeen();
      throw new Error(
        `timed out after ${String(timeoutMs)} ms waiting for ${what}${seen ? `; found: ${seen}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
