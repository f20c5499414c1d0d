import path from 'node:path';

// How counts and runs are written in notifications, pickers and the tree.

/** `1 run`, `3 runs`. */
export const plural = (count: number, noun: string): string =>
  `${String(count)} ${noun}${count === 1 ? '' : 's'}`;

/** `<project>/<run>`: an experiment folder by the two names people know it by. */
export const runLabel = (experimentDir: string): string =>
  `${path.basename(path.dirname(experimentDir))}/${path.basename(experimentDir)}`;
