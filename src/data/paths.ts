import fs from 'node:fs';
import path from 'node:path';

// Where a path lies relative to a folder: what keeps Train Studio's writes out of the user's dataset.

/** True when `target` is `folder` itself or below it (a sibling named `..x` is not below it). */
export function isInsideFolder(target: string, folder: string): boolean {
  const relative = path.relative(folder, target);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/** The real path of a file or folder that may not exist yet: its nearest existing ancestor, resolved, plus the rest. */
export function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  const parent = path.dirname(absolute);
  if (fs.existsSync(absolute)) return fs.realpathSync(absolute);
  return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
}

/**
 * `target` relative to `folder` with forward slashes, as files, tasks.json and tree ids write paths on
 * every platform; `.` for the folder itself.
 */
export function posixRelative(folder: string, target: string): string {
  return path.relative(folder, target).split(path.sep).join('/') || '.';
}
