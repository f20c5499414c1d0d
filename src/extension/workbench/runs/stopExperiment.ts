import { liveLockOwner } from '../../../trainapp/experiments/lockOwner';
import { UserError } from '../userError';
import type { LiveRuns } from './types';

// A run is stopped by whoever can reach it: this window's own trainer through its stdin, and a run started
// elsewhere (a terminal, another window) by SIGINT to the process its lock names, which the CLI takes as a
// graceful stop, exactly like Ctrl+C.

/** True once a stop was asked of whatever runs there (it may take a while to finish); false when none does. */
export function stopExperiment(liveRuns: Pick<LiveRuns, 'find'>, experimentDir: string): boolean {
  const run = liveRuns.find(experimentDir);
  if (run) {
    void run.stop();
    return true;
  }
  const pid = liveLockOwner(experimentDir);
  if (pid === undefined) return false;
  try {
    process.kill(pid, 'SIGINT');
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    throw new UserError(
      `The run in ${experimentDir} (process ${String(pid)}) cannot be stopped from here: ${code ?? String(error)}.`,
      'Stop it where it was started (Ctrl+C in its terminal), or as the user that started it.',
    );
  }
}
