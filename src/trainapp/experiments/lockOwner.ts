import fs from 'node:fs';
import path from 'node:path';
import { EXPERIMENT_FILES } from './layout';

// A process holds `<experiment>/.lock` (its pid) while it trains or finalises the folder. Readers (the
// tree, the Stop command, a second trainer) ask who holds it and whether that process still lives: a
// `running` folder whose lock names a dead process was interrupted (a crash, a kill, a power cut).

export const lockPath = (experimentDir: string): string => path.join(experimentDir, EXPERIMENT_FILES.lock);

export interface LockOwner {
  readonly pid: number;
  readonly alive: boolean;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file; undefined when there is none or it is unreadable. */
export function lockPidOf(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The process named in the folder's lock, or undefined when there is no readable lock. */
export function lockOwnerOf(experimentDir: string): LockOwner | undefined {
  const pid = lockPidOf(lockPath(experimentDir));
  return pid === undefined ? undefined : { pid, alive: isProcessAlive(pid) };
}

/** The pid of the live process working in the folder; undefined for no lock or a stale one. */
export function liveLockOwner(experimentDir: string): number | undefined {
  const owner = lockOwnerOf(experimentDir);
  return owner?.alive ? owner.pid : undefined;
}
