import path from 'node:path';
import * as vscode from 'vscode';
import type { LiveRuns, TrainerRun } from './types';

// The trainers this window started, from start to exit. Progress comes with every batch; listeners (the
// status bar, the tree) hear of it at most a few times a second, and of a run starting or ending at once.

const PROGRESS_INTERVAL_MS = 500;

export class LiveRunRegistry implements LiveRuns, vscode.Disposable {
  private readonly live: TrainerRun[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private progressTimer: NodeJS.Timeout | undefined;

  get runs(): readonly TrainerRun[] {
    return this.live;
  }

  find(experimentDir: string): TrainerRun | undefined {
    const wanted = path.resolve(experimentDir);
    return this.live.find(
      (run) =>
        run.progress.experimentDir !== undefined && path.resolve(run.progress.experimentDir) === wanted,
    );
  }

  add(run: TrainerRun): void {
    this.live.push(run);
    const progress = run.onProgress(() => {
      this.progressChanged();
    });
    void run.exit.then(() => {
      progress.dispose();
      this.live.splice(this.live.indexOf(run), 1);
      this.changed.fire();
    });
    this.changed.fire();
  }

  private progressChanged(): void {
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      this.changed.fire();
    }, PROGRESS_INTERVAL_MS);
  }

  dispose(): void {
    clearTimeout(this.progressTimer);
    this.changed.dispose();
  }
}
