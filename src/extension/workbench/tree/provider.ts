import path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS } from '../../ids';
import type { Disposable } from '../contract';
import type { TrainerRun, RunServices } from '../runs/types';
import { settings } from '../settings';
import { buildTree, childrenOf } from './nodes';
import type { ExperimentTree, TreeNode, WorkspaceExperiments } from './nodes';
import { viewOf } from './nodeView';
import type { RunLiveness } from './runView';
import { treeItemOf } from './treeItem';
import { watchExperiments } from './watcher';
import type { WatchedFolder } from './watcher';

// The Experiments view's data. The tree is built when VS Code first asks for it, which also starts watching
// the experiments folders (watcher.ts); after that, a change inside known runs refreshes just those runs,
// and anything else (a run or project appearing or going, a folder becoming unreadable) the whole tree.
// This window's own runs redraw as their progress moves.

/** Live progress redraws a run at most this often: steps can finish many times a second. */
const PROGRESS_REFRESH_MS = 1000;

function watchedFolders(): WatchedFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
    folder,
    experimentsDir: settings.experimentsDir(folder),
  }));
}

const asExperiments = (folders: readonly WatchedFolder[]): WorkspaceExperiments[] =>
  folders.map(({ folder, experimentsDir }) => ({ name: folder.name, experimentsDir }));

/** Everything above the runs' contents, in order: the same shape means the same nodes can stay. */
function shapeOf(tree: ExperimentTree): string {
  const walk = (node: TreeNode): string[] =>
    node.kind === 'run'
      ? [node.id]
      : [node.id, 'problem' in node ? String(node.problem) : '', ...childrenOf(node).flatMap(walk)];
  return tree.roots.flatMap(walk).join('\n');
}

/** The run folder a changed path belongs to, if it is inside one the tree shows. */
function runOf(tree: ExperimentTree, changed: string): TreeNode | undefined {
  for (let dir = changed; ; dir = path.dirname(dir)) {
    const run = tree.runs.get(dir);
    if (run) return run;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export class ExperimentTreeProvider implements vscode.TreeDataProvider<TreeNode>, Disposable {
  private tree: ExperimentTree | undefined;
  private watching: Disposable | undefined;
  private progressListeners: Disposable[] = [];
  private readonly progressPending = new Set<string>();
  private progressTimer: NodeJS.Timeout | undefined;
  /** This window's live runs when the tree last followed them: their ids, sorted and joined. */
  private followedRuns = '';
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly subscriptions: Disposable[];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly runs: RunServices) {
    this.subscriptions = [
      this.changed,
      // The registry also fires for progress, which followProgress redraws run by run. A whole refresh
      // only when runs start or end: it drops every item VS Code holds, so a context-menu command that
      // arrives during one gets no item.
      runs.liveRuns.onDidChange(() => {
        const live = runs.liveRuns.runs
          .map((run) => run.id)
          .sort()
          .join('\n');
        if (live === this.followedRuns) return;
        this.followedRuns = live;
        this.followProgress();
        this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.restartWatching();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.experimentsFolder}`))
          this.restartWatching();
      }),
    ];
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return childrenOf(node);
    this.watching ??= this.startWatching();
    this.tree ??= buildTree(asExperiments(watchedFolders()));
    return [...this.tree.roots];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItemOf(
      node.id,
      viewOf(node, (dir) => this.livenessOf(dir)),
    );
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'folder' ? undefined : node.parent;
  }

  /** Reads every experiment folder again. */
  refresh(): void {
    this.tree = undefined;
    this.changed.fire(undefined);
  }

  private livenessOf(experimentDir: string): RunLiveness {
    const run = this.runs.liveRuns.find(experimentDir);
    return run ? { progress: run.progress } : {};
  }

  private startWatching(): Disposable {
    this.followProgress();
    return watchExperiments(
      watchedFolders(),
      () => this.activeRuns(),
      (paths) => {
        this.filesChanged(paths);
      },
    );
  }

  /** Runs that may still change: training, or starting (no experiment_info.json yet). */
  private *activeRuns(): Iterable<string> {
    for (const [dir, run] of this.tree?.runs ?? []) {
      if (run.entry.info === undefined || run.entry.info.status === 'running') yield dir;
    }
  }

  private restartWatching(): void {
    if (this.watching) {
      this.watching.dispose();
      this.watching = this.startWatching();
    }
    this.refresh();
  }

  private filesChanged(paths: readonly string[]): void {
    const shown = this.tree;
    // Nothing shown yet: the next getChildren reads the folders anyway.
    if (!shown) return;
    const fresh = buildTree(asExperiments(watchedFolders()));
    if (shapeOf(fresh) !== shapeOf(shown)) {
      this.tree = fresh;
      this.changed.fire(undefined);
      return;
    }
    for (const [dir, run] of shown.runs) {
      const entry = fresh.runs.get(dir)?.entry;
      if (entry) run.entry = entry;
    }
    const touched = new Set(paths.map((changed) => runOf(shown, changed)));
    // A path outside every run (a project folder's own change, a path spelled through a link): redraw all.
    if (touched.has(undefined)) {
      this.changed.fire(undefined);
      return;
    }
    for (const run of touched) if (run) this.changed.fire(run);
  }

  /** Redraws this window's live runs as their progress moves. */
  private followProgress(): void {
    for (const listener of this.progressListeners) listener.dispose();
    this.progressListeners = this.runs.liveRuns.runs.map((run: TrainerRun) =>
      run.onProgress((progress) => {
        if (progress.experimentDir !== undefined) this.progressMoved(path.resolve(progress.experimentDir));
      }),
    );
  }

  private progressMoved(dir: string): void {
    this.progressPending.add(dir);
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      for (const pending of this.progressPending) {
        const run = this.tree?.runs.get(pending);
        if (run) this.changed.fire(run);
      }
      this.progressPending.clear();
    }, PROGRESS_REFRESH_MS);
  }

  dispose(): void {
    clearTimeout(this.progressTimer);
    this.watching?.dispose();
    for (const disposable of [...this.progressListeners, ...this.subscriptions]) disposable.dispose();
  }
}
