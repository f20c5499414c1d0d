import fs from 'node:fs';
import path from 'node:path';
import { isInsideFolder, realPathOf } from '../../../data/paths';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';

// No vscode. Every path a webview message names (a file to open or reveal, a project to write, experiments to
// compare) passes here before the host touches it: the webview is an untrusted page, so a path it sends may
// only lead into a workspace folder or an experiments folder. Paths are compared after symlinks are
// resolved, so a link inside the workspace that points elsewhere leads nowhere.

export type PathVerdict =
  { readonly allowed: true; readonly path: string } | { readonly allowed: false; readonly reason: string };

/** The folders a panel may read and write in, as the workspace and the settings name them. */
export interface PanelRoots {
  readonly workspaceFolders: readonly string[];
  readonly experimentsDirs: readonly string[];
}

const isFilesystemRoot = (dir: string): boolean => path.dirname(dir) === dir;

/**
 * The roots without the ones that would open the whole disk: a filesystem root, and an experiments folder
 * that holds a workspace folder (the setting comes from the workspace, and "/" or ".." would widen the guard
 * to everything).
 */
export function safeRoots(roots: PanelRoots): { workspaceFolders: string[]; experimentsDirs: string[] } {
  const workspaceFolders = roots.workspaceFolders.map(realPathOf).filter((root) => !isFilesystemRoot(root));
  const experimentsDirs = roots.experimentsDirs
    .map(realPathOf)
    .filter(
      (root) =>
        !isFilesystemRoot(root) &&
        !workspaceFolders.some((folder) => folder !== root && isInsideFolder(folder, root)),
    );
  return { workspaceFolders, experimentsDirs };
}

export class PathGuard {
  /** `roots`: the workspace folders and the experiments folders, asked each time since settings change. */
  constructor(private readonly rootsNow: () => PanelRoots) {}

  /** The roots the guard lets paths into, now. */
  roots(): { workspaceFolders: string[]; experimentsDirs: string[] } {
    return safeRoots(this.rootsNow());
  }

  /** Allowed: `path` is the candidate with `..` and symlinks resolved, what was checked and what to act on. */
  check(candidate: string): PathVerdict {
    if (candidate.includes('\0')) return { allowed: false, reason: 'the path contains a NUL character' };
    if (!path.isAbsolute(candidate))
      return { allowed: false, reason: `${candidate} is not an absolute path` };
    const real = realPathOf(candidate);
    const { workspaceFolders, experimentsDirs } = this.roots();
    const inside = [...workspaceFolders, ...experimentsDirs].some((root) => isInsideFolder(real, root));
    return inside
      ? { allowed: true, path: real }
      : {
          allowed: false,
          reason: `${candidate} is outside the workspace folders and the experiments folders`,
        };
  }

  /** `dir` when it is an experiment folder (it has its info file) in an experiments folder. */
  checkExperiment(dir: string): PathVerdict {
    const verdict = this.check(dir);
    if (!verdict.allowed) return verdict;
    const experimentDir = verdict.path;
    const inExperiments = this.roots().experimentsDirs.some(
      (root) => experimentDir !== root && isInsideFolder(experimentDir, root),
    );
    if (!inExperiments) return { allowed: false, reason: `${dir} is not in an experiments folder` };
    if (!fs.existsSync(path.join(experimentDir, EXPERIMENT_FILES.info)))
      return {
        allowed: false,
        reason: `${dir} is not an experiment folder (it has no ${EXPERIMENT_FILES.info})`,
      };
    return verdict;
  }
}
