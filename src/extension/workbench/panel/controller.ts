import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebviewMessage } from '../../../core/panel/messages';
import { builtinFrameworkDir } from '../../../trainapp/configFiles';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';
import { SETTINGS } from '../../ids';
import { workspaceLabel } from '../pick/workspace';
import { patternOf } from '../tree/watcher';
import { AppStateDocument } from './appStateDocument';
import { CardFeed } from './cardFeed';
import { PanelChannel } from './channel';
import { reportOf } from './failures';
import { PanelRequests } from './panelRequests';
import { RunFollower } from './runFollower';
import type { PanelServices } from './services';
import type { PanelSubject } from './subject';

// One training panel: wires its page's channel to the card feed (what the app_state file and the
// experiments folders say, cardFeed.ts), the run follower (runFollower.ts) and the page's requests
// (panelRequests.ts), watches the files they read, and ends it all with the panel.

export class PanelController implements vscode.Disposable {
  private readonly channel: PanelChannel;
  private readonly feed: CardFeed;
  private readonly follower: RunFollower;
  private readonly requests: PanelRequests;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The file's text as the panel's last edit left it: the watcher's event for that write changes nothing. */
  private lastWritten: string | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly subject: PanelSubject,
    private readonly services: PanelServices,
  ) {
    const document = new AppStateDocument(subject.appStateFile, subject.mode);
    const { output } = services.commands.host;
    const send = (message: HostToWebviewMessage) => {
      this.send(message);
    };
    const fail = (what: string, error: unknown) => {
      this.fail(what, error);
    };
    this.channel = new PanelChannel({
      post: (message) => panel.webview.postMessage(message),
      warn: (line) => {
        output.warn(line);
      },
      onReady: (reload) => {
        this.feed.pageReady(reload);
        if (reload) this.follower.resend();
      },
      onRequest: (message) => {
        void this.requests.handle(message);
      },
    });
    this.follower = new RunFollower({
      send: (message) => {
        this.channel.send(message);
      },
      fail,
    });
    this.feed = new CardFeed(
      {
        subject,
        document,
        builtinDir: builtinFrameworkDir(services.commands.host.context.extensionPath),
        guard: services.guard,
        trusted: () => vscode.workspace.isTrusted,
        label: workspaceLabel,
      },
      {
        send,
        fail,
        follow: (dir) => {
          // The panel may have closed while a refresh loaded the project: a follower started now would poll unseen.
          if (!this.disposed) this.follower.follow(dir);
        },
      },
    );
    this.requests = new PanelRequests(subject, document, services, {
      send,
      fail,
      notice: (level, message) => {
        this.notice(level, message);
      },
      edited: () => {
        this.lastWritten = this.readAppState();
        this.feed.fileChanged();
      },
      resync: () => {
        this.feed.fileChanged();
      },
      projectDir: () => this.feed.projectDir,
      collections: () => this.feed.collections,
      followedExperiment: () => this.follower.experimentDir,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        this.channel.receive(raw);
      }),
      this.watchAppState(),
      this.watchExperiments(),
      // The session says whether runs may start: a grant of trust enables Start at once.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.feed.fileChanged();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.disposed = true;
    this.feed.dispose();
    this.follower.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private send(message: HostToWebviewMessage): void {
    if (!this.disposed) this.channel.send(message);
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.send({ type: 'notice', level, message });
  }

  /** A builder or an action failed: the page says what, the output keeps the details. */
  private fail(what: string, error: unknown): void {
    const report = reportOf(what, error);
    this.services.commands.host.output[report.level](report.line);
    this.notice('error', report.notice);
  }

  /** The app_state file's text; undefined when it cannot be read (the feed reports that). */
  private readAppState(): string | undefined {
    try {
      return fs.readFileSync(this.subject.appStateFile, 'utf8');
    } catch {
      return undefined;
    }
  }

  private watchAppState(): vscode.Disposable {
    const file = this.subject.appStateFile;
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
    );
    const changed = () => {
      // The panel's own edit was sent already (`edited`): only a change by someone else is news.
      const text = this.readAppState();
      if (text !== undefined && text === this.lastWritten) return;
      this.lastWritten = undefined;
      this.feed.fileChanged();
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(() => {
      this.notice(
        'warning',
        `${workspaceLabel(file)} was deleted. The panel shows its last settings; restore the file to go on.`,
      );
    });
    return watcher;
  }

  /**
   * Runs appearing, going or changing status: the experiments list and the models' custom tab follow. The
   * watchers follow the workspace folders and the experiments folder setting: a folder added, or the
   * setting changed, watches (and lists) the folders now named.
   */
  private watchExperiments(): vscode.Disposable {
    const changed = () => {
      this.feed.experimentsChanged();
    };
    const watch = (): vscode.Disposable[] =>
      this.services.watchedFolders().map(({ folder, experimentsDir }) => {
        const watcher = vscode.workspace.createFileSystemWatcher(
          patternOf(folder, experimentsDir, [`*/*/${EXPERIMENT_FILES.info}`]),
        );
        watcher.onDidCreate(changed);
        watcher.onDidChange(changed);
        watcher.onDidDelete(changed);
        return watcher;
      });
    let watchers = watch();
    const rewatch = () => {
      for (const watcher of watchers) watcher.dispose();
      watchers = watch();
      changed();
    };
    const folders = vscode.workspace.onDidChangeWorkspaceFolders(rewatch);
    const setting = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS.section}.${SETTINGS.experimentsFolder}`)) rewatch();
    });
    return new vscode.Disposable(() => {
      folders.dispose();
      setting.dispose();
      for (const watcher of watchers) watcher.dispose();
    });
  }
}
