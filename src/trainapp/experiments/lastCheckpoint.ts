import fs from 'node:fs';
import path from 'node:path';
import { CHECKPOINT_NAMES, CHECKPOINT_SIDECAR_EXTENSION } from '../../core/names';
import { EXPERIMENT_FOLDERS } from './layout';

/**
 * The experiment's `last` checkpoint, which resume continues from: the built-in framework's `last.json`,
 * else any framework's `last.*`. Absolute; undefined when the run stopped before its first checkpoint.
 */
export function lastCheckpointFile(experimentDir: string): string | undefined {
  const folder = path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return undefined;
  }
  const found =
    names.find((name) => name === `${CHECKPOINT_NAMES.last}${CHECKPOINT_SIDECAR_EXTENSION}`) ??
    names.find((name) => path.parse(name).name === CHECKPOINT_NAMES.last);
  return found === undefined ? undefined : path.join(folder, found);
}
