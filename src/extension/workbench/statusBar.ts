import * as vscode from 'vscode';
import { STATUS_BAR_ID } from '../ids';
import { statusText, statusTooltip } from './runs/statusText';
import type { LiveRuns } from './runs/types';

// While a run this window started is live: `$(sync~spin) <run>: epoch 3/15 · 20% · ETA 1:23`. A click runs
// `command`, which shows that run.

export class RunStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 0);
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly liveRuns: LiveRuns,
    command: string,
  ) {
    this.item.name = 'Train Studio run';
    this.item.command = command;
    this.subscription = liveRuns.onDidChange(() => {
      this.update();
    });
    this.update();
  }

  private update(): void {
    const text = statusText(this.liveRuns.runs);
    if (text === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = text;
    this.item.tooltip = statusTooltip(this.liveRuns.runs);
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
