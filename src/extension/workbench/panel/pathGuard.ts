import fs from 'node:fs';
import path from 'node:path';
import { isInsideFolder, realPathOf } from '../../../data/paths';

// No vscode. Every path a webview message names (a file to open or reveal, a project to write, experiments to
// compare) passes here before the host touches it: the webview is an untrusted page, so a path it sends may
// only lead into a workspace folder or an experiments folder. Paths are compared after symlinks are
// resolved, so a link inside the workspace that points elsewhere leads nowhere.

export type PathVerdict =
  { readonly allowed: true; readonly path: string } | { readonly allowed: false; readonly reason: string };

/** The real path of a root; a root that does not exist yet is compared as written. */
const realRoot = (root: string): string => (fs.existsSync(root) ? fs.realpathSync(root) : path.resolve(root));

export class PathGuard {
  /** `roots`: the workspace folders and the experiments folders, asked each time since settings change. */
  constructor(private readonly roots: () => readonly string[]) {}

  check(candidate: string): PathVerdict {
    if (candidate.includes('\0')) return { allowed: false, reason: 'the path contains a NUL character' };
    if (!path.isAbsolute(candidate))
      return { allowed: false, reason: `${candidate} is not an absolute path` };
    const normalized = path.resolve(candidate);
    const real = realPathOf(normalized);
    const inside = this.roots().some((root) => isInsideFolder(real, realRoot(root)));
    return inside
      ? { allowed: true, path: normalized }
      : {
          allowed: false,
          reason: `${candidate} is outside the workspace folders and the experiments folders`,
        };
  }
}
