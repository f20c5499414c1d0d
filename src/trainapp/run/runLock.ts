import fs from 'node:fs';
import path from 'node:path';
import { EXPERIMENT_FILES } from '../experiments/layout';
import { RunError } from '../runError';

// One process at a time may train or finalise an experiment: two resumes of the same run would write the
// same checkpoints. The lock names its owner's pid, so that a lock left by a process that died is taken over.

// Beside the work folder, not in it: finalise removes the work folder while it still holds the lock.
const lockPath = (experimentDir: string) => path.join(experimentDir, EXPERIMENT_FILES.lock);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the experiment's lock for this process; returns the function that releases it. */
export function lockExperiment(experimentDir: string): () => void {
  const file = lockPath(experimentDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(file);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw new RunError({
          message: `The experiment ${experimentDir} is in use by process ${String(owner)}.`,
          hint: 'Wait for that run to end, or stop it first.',
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  return () => {
    if (ownerOf(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
