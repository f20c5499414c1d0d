import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive, lockPath, lockPidOf } from '../experiments/lockOwner';
import { RunError } from '../runError';

// One process at a time may train or finalise an experiment: two resumes of the same run would write the
// same checkpoints. The lock names its owner's pid, so that a lock left by a process that died is taken over.

/** Takes the experiment's lock for this process; returns the function that releases it. */
export function lockExperiment(experimentDir: string): () => void {
  // Beside the work folder, not in it: finalise removes the work folder while it still holds the lock.
  const file = lockPath(experimentDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = lockPidOf(file);
      if (owner !== undefined && owner !== process.pid && isProcessAlive(owner)) {
        throw new RunError({
          message: `The experiment ${experimentDir} is in use by process ${String(owner)}.`,
          hint: 'Wait for that run to end, or stop it first.',
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  return () => {
    if (lockPidOf(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
