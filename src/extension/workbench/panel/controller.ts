import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { parseConfig, rangeOf } from '../../../core/config';
import { CONFIG_KINDS, MODEL_SOURCES } from '../../../core/names';
import type { TaskType } from '../../../core/names';
import type { HostToWebviewMessage, PanelEdit } from '../../../core/panel/messages';
import type { ExperimentSummary, ModelsView, PanelSession } from '../../../core/panel/views';
import { isInsideFolder } from '../../../data/paths';
import { builtinFrameworkDir } from '../../../trainapp/configFiles';
import { checkpointsOf, readExperimentInfo } from '../../../trainapp/experiments';
import type { CommandContext } from '../commands/context';
import { fineTuneAppState } from '../commands/fineTuneAppState';
import { startAppState } from '../commands/start';
import { mayWrite } from '../commands/writeAppState';
import { workspaceLabel } from '../pick/workspace';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import { writeJsonAtomic } from '../../../data/atomicWrite';
import { AppStateDocument } from './appStateDocument';
import type { AppStateReading } from './appStateDocument';
import { PanelChannel } from './channel';
import type { RequestMessage } from './channel';
import { listExperimentSummaries, readComparedRuns, summarizeExperiment } from './data/experiments';
import { readFrameworkView, readModelsView } from './data/framework';
import { diagnoseHyperparameters } from './data/hyperparameters';
import { loadProject, previewConversion, previewSplit, projectCandidates } from './data/project';
import type { LoadedProject } from './data/project';
import type { PathGuard } from './pathGuard';
import { experimentToFollow, RunFollower } from './runFollower';
import type { PanelSubject } from './subject';

// One training panel: reads its app_state file into the page's cards, applies the page's edits to the file,
// follows an experiment's run, and runs the page's actions. Everything the page asks for is checked first
// (the channel parses it, the guard checks its paths), and every failure becomes a notice on the page, or
// a card's error state: nothing here rejects unhandled.

/** Previews are recomputed this long after the last edit, so a burst of edits costs one computation. */
const PREVIEW_DEBOUNCE_MS = 150;
/** Bursts of experiment folder changes (a run writes its info several times as it starts) become one. */
const EXPERIMENTS_DEBOUNCE_MS = 250;

export interface PanelServices {
  readonly commands: CommandContext;
  readonly guard: PathGuard;
  /** The workspace folders and their experiments folders, now. */
  readonly roots: () => { workspaceFolders: string[]; experimentsDirs: string[] };
  /** Opens (or reveals) the edit panel of an app_state file: where a fine-tune goes. */
  readonly openEditPanel: (appStateFile: string) => void;
}

const errorText = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === 'string' ? `${error.message} ${hint}` : error.message;
};

export class PanelController implements vscode.Disposable {
  private readonly channel: PanelChannel;
  private readonly document: AppStateDocument;
  private readonly follower: RunFollower;
  private readonly disposables: vscode.Disposable[] = [];
  private reading: AppStateReading | undefined;
  private session: PanelSession | undefined;
  private models: ModelsView | undefined;
  private experiments: ExperimentSummary[] = [];
  private loaded: LoadedProject | undefined;
  /** What each derived message was last computed from: unchanged inputs are not sent again. */
  private readonly sentKeys = new Map<HostToWebviewMessage['type'], string>();
  /** Bumped when an experiment folder changes: the models' custom tab and the experiments list depend on it. */
  private experimentsVersion = 0;
  private previewTimer: NodeJS.Timeout | undefined;
  private experimentsTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly subject: PanelSubject,
    private readonly services: PanelServices,
  ) {
    this.document = new AppStateDocument(subject.appStateFile, subject.mode);
    const { output } = services.commands.host;
    this.channel = new PanelChannel({
      post: (message) => panel.webview.postMessage(message),
      warn: (line) => {
        output.warn(line);
      },
      onReady: (reload) => {
        this.onReady(reload);
      },
      onRequest: (message) => {
        void this.handle(message);
      },
    });
    this.follower = new RunFollower({
      send: (message) => {
        this.channel.send(message);
      },
      fail: (what, error) => {
        this.fail(what, error);
      },
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        this.channel.receive(raw);
      }),
      this.watchAppState(),
      ...this.watchExperiments(),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.previewTimer);
    clearTimeout(this.experimentsTimer);
    this.follower.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private get builtinDir(): string {
    return builtinFrameworkDir(this.services.commands.host.context.extensionPath);
  }

  private send(message: HostToWebviewMessage): void {
    if (!this.disposed) this.channel.send(message);
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.send({ type: 'notice', level, message });
  }

  /** A builder or an action failed: the page says what, the output keeps the details. */
  private fail(what: string, error: unknown): void {
    const output = this.services.commands.host.output;
    if (error instanceof UserError || (error instanceof Error && 'hint' in error)) {
      output.warn(`${what}: ${errorText(error)}`);
    } else {
      output.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    this.notice('error', `${what} failed: ${errorText(error)}`);
  }

  private onReady(reload: boolean): void {
    if (reload) this.sentKeys.clear();
    this.refreshSession();
    this.scheduleDerived(0);
    if (reload) this.follower.resend();
  }

  // ---- the app_state file -> session ----

  private refreshSession(): void {
    let reading: AppStateReading;
    try {
      reading = this.document.read();
    } catch (error) {
      this.fail(`Reading ${workspaceLabel(this.subject.appStateFile)}`, error);
      return;
    }
    this.reading = reading;
    let framework: PanelSession['framework'];
    const problems = [...reading.problems];
    try {
      framework = readFrameworkView(reading.framework, this.document.dir, this.builtinDir);
    } catch (error) {
      problems.push({ card: 'model', field: 'framework', message: errorText(error) });
    }
    const experiment =
      this.subject.mode === 'readOnly' ? this.summaryOf(this.subject.experimentDir) : undefined;
    this.session = {
      mode: this.subject.mode,
      appStateFile: this.subject.appStateFile,
      appStateLabel: workspaceLabel(this.subject.appStateFile),
      ...(experiment && { experiment }),
      settings: reading.settings,
      problems,
      ...(framework && { framework }),
      trusted: vscode.workspace.isTrusted,
    };
    this.send({ type: 'session', session: this.session });
  }

  private summaryOf(dir: string): ExperimentSummary | undefined {
    try {
      return summarizeExperiment(dir);
    } catch (error) {
      this.fail(`Reading the experiment ${dir}`, error);
      return undefined;
    }
  }

  private watchAppState(): vscode.Disposable {
    const file = this.subject.appStateFile;
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
    );
    const changed = () => {
      this.refreshSession();
      this.scheduleDerived(PREVIEW_DEBOUNCE_MS);
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

  // ---- everything computed from the session ----

  private scheduleDerived(delayMs: number): void {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      this.previewTimer = undefined;
      // One refresh at a time: the next starts from the state the last one left.
      this.refreshing = this.refreshing
        .then(() => this.refreshDerived())
        .catch((error: unknown) => {
          this.fail('Updating the panel', error);
        });
    }, delayMs);
  }

  /** Builds `type`'s message when `key` (what it is computed from) changed since it was last sent. */
  private sendIfChanged(
    type: HostToWebviewMessage['type'],
    key: string,
    build: () => HostToWebviewMessage | undefined,
  ) {
    if (this.sentKeys.get(type) === key) return;
    this.sentKeys.set(type, key);
    try {
      const message = build();
      if (message) this.send(message);
    } catch (error) {
      this.sentKeys.delete(type);
      this.fail(`The panel's ${type}`, error);
    }
  }

  private async refreshDerived(): Promise<void> {
    const reading = this.reading;
    const session = this.session;
    if (this.disposed || !reading || !session) return;
    const { settings } = reading;
    const roots = this.services.roots();
    this.sendIfChanged('projectCandidates', roots.workspaceFolders.join('\n'), () => ({
      type: 'projectCandidates',
      candidates: projectCandidates(roots.workspaceFolders, (dir) =>
        roots.experimentsDirs.some((experiments) => isInsideFolder(dir, experiments)),
      ),
    }));
    this.sendIfChanged('experiments', String(this.experimentsVersion), () => {
      this.experiments = listExperimentSummaries(roots.experimentsDirs);
      return { type: 'experiments', experiments: this.experiments };
    });
    const showCustom = session.framework?.appOptions.model_selector.show_custom ?? true;
    this.sendIfChanged(
      'models',
      `${reading.framework}|${String(showCustom)}|${String(this.experimentsVersion)}`,
      () => {
        this.models = readModelsView(
          reading.framework,
          this.document.dir,
          this.builtinDir,
          roots.experimentsDirs,
          showCustom,
        );
        return { type: 'models', models: this.models };
      },
    );
    this.sendIfChanged(
      'hyperparameterDiagnostics',
      `${reading.framework}|${settings.hyperparameters}`,
      () => ({
        type: 'hyperparameterDiagnostics',
        diagnostics: diagnoseHyperparameters(
          settings.hyperparameters,
          reading.framework,
          this.document.dir,
          this.builtinDir,
        ),
      }),
    );
    await this.refreshProject(reading.projectDir);
    const project = this.loaded;
    const classes = JSON.stringify(settings.classes);
    this.sendIfChanged(
      'splitPreview',
      `${project?.view.path ?? ''}|${JSON.stringify(settings.split)}|${classes}`,
      () => ({
        type: 'splitPreview',
        preview:
          project && settings.split
            ? previewSplit(project, settings.split, settings.classes, this.document.dir)
            : null,
      }),
    );
    const taskType = this.taskOfModel();
    this.sendIfChanged(
      'conversionPreview',
      `${project?.view.path ?? ''}|${classes}|${taskType ?? ''}`,
      () => ({
        type: 'conversionPreview',
        preview: project && taskType ? previewConversion(project, settings.classes, taskType) : null,
      }),
    );
    this.followExperiment();
  }

  /** Loads the project when its folder changed (the page shows it loading meanwhile); kept while it stays. */
  private async refreshProject(dir: string | undefined): Promise<void> {
    if (this.sentKeys.get('project') === (dir ?? '')) return;
    this.sentKeys.set('project', dir ?? '');
    this.loaded = undefined;
    if (dir === undefined) {
      this.send({ type: 'project', state: { status: 'none' } });
      return;
    }
    this.send({ type: 'project', state: { status: 'loading', path: dir } });
    // Reading a dataset takes a while: let the page show "loading" first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      this.loaded = loadProject(dir, path.dirname(this.subject.appStateFile));
      this.send({ type: 'project', state: { status: 'ready', view: this.loaded.view } });
    } catch (error) {
      const hint = (error as { hint?: unknown }).hint;
      this.send({
        type: 'project',
        state: {
          status: 'error',
          path: dir,
          message: error instanceof Error ? error.message : String(error),
          ...(typeof hint === 'string' && { hint }),
        },
      });
    }
  }

  /** The task the chosen model trains: from models.json, or the custom checkpoint's experiment. */
  private taskOfModel(): TaskType | undefined {
    const model = this.reading?.settings.model;
    if (!model) return undefined;
    if (model.source === MODEL_SOURCES.pretrained) {
      return this.models?.pretrained.find((row) => row.name === model.model_name)?.task;
    }
    const dir = path.resolve(this.document.dir, model.experiment);
    const row = this.models?.custom.find(
      (custom) => path.resolve(custom.experimentDir) === dir && custom.checkpoint === model.checkpoint,
    );
    return row?.task ?? this.experiments.find((experiment) => path.resolve(experiment.dir) === dir)?.taskType;
  }

  private followExperiment(): void {
    this.follower.follow(
      this.subject.mode === 'readOnly'
        ? this.subject.experimentDir
        : experimentToFollow(this.experiments, this.reading?.projectDir),
    );
  }

  private watchExperiments(): vscode.Disposable[] {
    const { experimentsDirs } = this.services.roots();
    const changed = () => {
      clearTimeout(this.experimentsTimer);
      this.experimentsTimer = setTimeout(() => {
        this.experimentsVersion += 1;
        this.scheduleDerived(0);
      }, EXPERIMENTS_DEBOUNCE_MS);
    };
    return experimentsDirs.map((dir) => {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dir), '*/*/experiment_info.json'),
      );
      watcher.onDidCreate(changed);
      watcher.onDidChange(changed);
      watcher.onDidDelete(changed);
      return watcher;
    });
  }

  // ---- the page's requests ----

  private async handle(message: RequestMessage): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      this.fail(`${message.type[0]?.toUpperCase() ?? ''}${message.type.slice(1)}`, error);
    }
  }

  private async dispatch(message: RequestMessage): Promise<void> {
    switch (message.type) {
      case 'edit':
        this.edit(message.edit);
        return;
      case 'browseProject':
        await this.browseProject();
        return;
      case 'openHyperparameters':
        await this.openHyperparameters();
        return;
      case 'start':
        await startAppState(this.services.commands, this.subject.appStateFile);
        return;
      case 'stop':
        await this.stop();
        return;
      case 'rerun':
        await startAppState(this.services.commands, this.readOnlySubject('Re-run').appStateFile);
        return;
      case 'fineTune':
        await this.fineTune(message.checkpoint);
        return;
      case 'openFile': {
        const file = this.guarded(message.path, 'open');
        if (file) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
        return;
      }
      case 'revealFile': {
        const file = this.guarded(message.path, 'reveal');
        if (file) await this.revealPath(file);
        return;
      }
      case 'compare': {
        const dirs = message.dirs.flatMap((dir) => this.guarded(dir, 'compare') ?? []);
        this.send({ type: 'comparison', runs: readComparedRuns(dirs) });
        return;
      }
    }
  }

  /**
   * The path when the guard lets it through; otherwise undefined, with the refusal logged and said on the
   * page. The page is untrusted: a path it sends must lead into the workspace or the experiments folders.
   */
  private guarded(candidate: string, action: string): string | undefined {
    const verdict = this.services.guard.check(candidate);
    if (verdict.allowed) return verdict.path;
    this.services.commands.host.output.warn(
      `Training panel: refused to ${action} ${candidate}: ${verdict.reason}.`,
    );
    this.notice('error', `Refused to ${action} ${candidate}: ${verdict.reason}.`);
    return undefined;
  }

  private edit(edit: PanelEdit): void {
    let checked: PanelEdit | undefined = edit;
    if (edit.field === 'project') {
      const dir = this.guarded(edit.value, 'use the project');
      checked = dir === undefined ? undefined : { field: 'project', value: dir };
    } else if (edit.field === 'model' && edit.value.source === MODEL_SOURCES.custom) {
      const dir = this.guarded(path.resolve(this.document.dir, edit.value.experiment), 'use the model of');
      checked = dir === undefined ? undefined : { field: 'model', value: { ...edit.value, experiment: dir } };
    }
    if (!checked) return;
    this.document.apply(checked);
    // The watcher would notice too, later; the page should not wait for it.
    this.refreshSession();
    this.scheduleDerived(PREVIEW_DEBOUNCE_MS);
  }

  private async browseProject(): Promise<void> {
    const current = this.reading?.projectDir;
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    const defaultUri = current && fs.existsSync(current) ? vscode.Uri.file(current) : folder?.uri;
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Use as Project',
      title: 'The dataset folder to train on',
      ...(defaultUri && { defaultUri }),
    });
    const [uri] = picked ?? [];
    if (uri) this.edit({ field: 'project', value: uri.fsPath });
  }

  /** The app_state file itself, at its hyperparameters: files are the truth, so no untitled copy. */
  private async openHyperparameters(): Promise<void> {
    const file = this.subject.appStateFile;
    const document = parseConfig(CONFIG_KINDS.appState, fs.readFileSync(file, 'utf8'));
    const range = rangeOf(document, ['hyperparameters'], 'value');
    const selection =
      range && new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(vscode.Uri.file(file), {
      preview: false,
      viewColumn: vscode.ViewColumn.Beside,
      ...(selection && { selection }),
    });
  }

  private async stop(): Promise<void> {
    const dir = this.follower.experimentDir;
    const stopped = dir !== undefined && (await this.services.commands.runs.stopExperiment(dir));
    if (!stopped) this.notice('info', 'No run of this panel is training now: there is nothing to stop.');
  }

  private readOnlySubject(action: string): Extract<PanelSubject, { mode: 'readOnly' }> {
    if (this.subject.mode === 'readOnly') return this.subject;
    throw new UserError(
      `${action} applies to a finished experiment.`,
      'Open the experiment in the panel from the Experiments view.',
    );
  }

  private async fineTune(checkpoint: string): Promise<void> {
    if (!allowedToRun('fine-tune models')) return;
    const { experimentDir } = this.readOnlySubject('Fine-tune');
    const info = readExperimentInfo(experimentDir);
    // The page names the checkpoint; only one the experiment has may be written into a new app_state.
    const known = checkpointsOf(experimentDir, info).find(
      (candidate) => candidate.name === checkpoint || path.parse(candidate.name).name === checkpoint,
    );
    if (!known) {
      throw new UserError(
        `The experiment ${workspaceLabel(experimentDir)} has no checkpoint ${checkpoint}.`,
        'Pick one of the checkpoints the Artifacts card lists.',
      );
    }
    const { file, appState } = fineTuneAppState(experimentDir, info, known.name);
    if (!(await mayWrite(file))) return;
    writeJsonAtomic(file, appState);
    this.services.openEditPanel(file);
  }

  private async revealPath(file: string): Promise<void> {
    const inWorkspace = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) !== undefined;
    await vscode.commands.executeCommand(
      inWorkspace ? 'revealInExplorer' : 'revealFileInOS',
      vscode.Uri.file(file),
    );
  }
}
