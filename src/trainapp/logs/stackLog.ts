import fs from 'node:fs';
import { experimentPath, LOG_FILES } from '../experiments/layout';

// A failure's stack trace never reaches the terminal (the user is shown one clear problem), but it must not
// be lost either: it goes to the run's human log, where the problem's hint says it is.

/** Appends `stack` to the experiment's logs/train.log; nothing when there is none. */
export function logStack(experimentDir: string, stack: string | undefined): void {
  if (stack === undefined) return;
  fs.appendFileSync(experimentPath.log(experimentDir, LOG_FILES.train), `${stack}\n`);
}
