import * as vscode from 'vscode';
import { isInsideFolder, posixRelative } from '../../../data/paths';
import { EXPERIMENT_FILES, EXPERIMENT_FOLDERS, LOG_FILES } from '../../../trainapp/experiments/layout';
import { changedPaths, snapshotOf } from './folderSnapshot';

// Watches the experiments folders, so that a run started anywhere (this window, a terminal, a script)
// shows up and its status follows: projects and runs appearing or going, a run's experiment_info.json and
// lock, its checkpoints, exports and latest epoch. Not its step-by-step files (events.jsonl, TensorBoard,
// scratch), which change many times a second.

/** Paths under an experiments folder, relative to it. */
const WATCHED = [
  '*',
  '*/*',
  `*/*/${EXPERIMENT_FILES.info}`,
  `*/*/${EXPERIMENT_FILES.lock}`,
  `*/*/${EXPERIMENT_FOLDERS.checkpoints}/*`,
  `*/*/${EXPERIMENT_FOLDERS.export}/*`,
  `*/*/${EXPERIMENT_FOLDERS.logs}/${LOG_FILES.metrics}`,
];

/** Bursts (a checkpoint is a sidecar and its weights; finalising rewrites the info step by step) become one. */
const DEBOUNCE_MS = 250;
/** How often the safety net looks for what the watchers missed. */
const POLL_MS = 2000;

const GLOB_SPECIAL = /[*?[\]{}]/;

/**
 * `watched` (globs relative to the experiments folder) and the experiments folder itself. Based on the
 * workspace folder when the experiments folder is inside it: VS Code may report nothing under a folder that
 * did not exist when the watcher started, so basing the pattern there also catches the experiments folder
 * being created and what appears in it later. Based on the experiments folder itself otherwise (or when its
 * path has glob characters, which a pattern cannot escape).
 */
export function patternOf(
  folder: vscode.WorkspaceFolder,
  experimentsDir: string,
  watched: readonly string[] = WATCHED,
): vscode.RelativePattern {
  const relative = posixRelative(folder.uri.fsPath, experimentsDir);
  if (relative === '.' || !isInsideFolder(experimentsDir, folder.uri.fsPath) || GLOB_SPECIAL.test(relative)) {
    return new vscode.RelativePattern(vscode.Uri.file(experimentsDir), `{${watched.join(',')}}`);
  }
  const paths = [relative, ...watched.map((glob) => `${relative}/${glob}`)];
  return new vscode.RelativePattern(folder, `{${paths.join(',')}}`);
}

export interface WatchedFolder {
  readonly folder: vscode.WorkspaceFolder;
  /** Absolute. */
  readonly experimentsDir: string;
}

/**
 * Calls `onChange` with the absolute paths that changed, at most once per DEBOUNCE_MS: those the watchers
 * report, and those a look every POLL_MS finds changed since (see folderSnapshot.ts). `active` names the
 * run folders that may still change.
 */
export function watchExperiments(
  folders: readonly WatchedFolder[],
  active: () => Iterable<string>,
  onChange: (paths: readonly string[]) => void,
): vscode.Disposable {
  const experimentsDirs = folders.map((folder) => folder.experimentsDir);
  let snapshot = snapshotOf(experimentsDirs, active());
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    const paths = [...pending];
    pending = new Set();
    timer = undefined;
    onChange(paths);
    // What was just refreshed is no news to the next look.
    snapshot = snapshotOf(experimentsDirs, active());
  };
  const changed = (changedPath: string) => {
    pending.add(changedPath);
    timer ??= setTimeout(flush, DEBOUNCE_MS);
  };
  const watchers = folders.map(({ folder, experimentsDir }) => {
    const watcher = vscode.workspace.createFileSystemWatcher(patternOf(folder, experimentsDir));
    const reported = (uri: vscode.Uri) => {
      changed(uri.fsPath);
    };
    watcher.onDidCreate(reported);
    watcher.onDidChange(reported);
    watcher.onDidDelete(reported);
    return watcher;
  });
  const poll = setInterval(() => {
    const next = snapshotOf(experimentsDirs, active());
    const missed = changedPaths(snapshot, next);
    snapshot = next;
    missed.forEach(changed);
  }, POLL_MS);
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    clearInterval(poll);
    for (const watcher of watchers) watcher.dispose();
  });
}
