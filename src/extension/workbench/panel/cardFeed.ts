import path from 'node:path';
import { BUILTIN_FRAMEWORK, MODEL_SOURCES } from '../../../core/names';
import type { TaskType } from '../../../core/names';
import type { HostToWebviewMessage } from '../../../core/panel/messages';
import { SPLIT_METHODS } from '../../../core/names';
import type { ExperimentSummary, ModelsView, PanelSession, SplitPreview } from '../../../core/panel/views';
import type { TrainValSplitSettings } from '../../../core/schemas';
import { isInsideFolder } from '../../../data/paths';
import { resolveFrameworkFolder } from '../../../trainapp/configFiles/frameworkFolder';
import type { AppStateDocument, AppStateReading } from './appStateDocument';
import { listExperimentSummaries, summarizeExperiment } from './data/experiments';
import { readFrameworkView, readModelsView } from './data/framework';
import { diagnoseHyperparameters } from './data/hyperparameters';
import { loadProject, previewConversion, previewSplit, projectCandidates } from './data/project';
import type { LoadedProject } from './data/project';
import { errorText } from './failures';
import type { PathGuard } from './pathGuard';
import { experimentToFollow } from './runFollower';
import type { PanelSubject } from './subject';

// No vscode. Feeds the cards what is read and computed from the app_state file: the session (sent on every
// read), then the views derived from it (project, previews, models, diagnostics, experiments), each sent only
// when what it is computed from changed, after a short debounce. Failures become notices (through `fail`),
// or a card's error state: nothing here rejects unhandled.

/** Previews are recomputed this long after the last edit, so a burst of edits costs one computation. */
export const PREVIEW_DEBOUNCE_MS = 150;
/** Bursts of experiment folder changes (a run writes its info several times as it starts) become one. */
export const EXPERIMENTS_DEBOUNCE_MS = 250;

type MessageType = HostToWebviewMessage['type'];

/** What each message was last computed from: a message is built and sent again only when that changed. */
export class SentKeys {
  private readonly keys = new Map<MessageType, string>();

  /** Whether `type`'s key changed since it was last claimed; it is recorded as sent from now on. */
  claim(type: MessageType, key: string): boolean {
    if (this.keys.get(type) === key) return false;
    this.keys.set(type, key);
    return true;
  }

  /** `type` failed to be sent: the next try builds it again, even from the same key. */
  release(type: MessageType): void {
    this.keys.delete(type);
  }

  /** The page holds nothing (it was reloaded): everything is sent again. */
  clear(): void {
    this.keys.clear();
  }
}

export interface CardFeedSources {
  readonly subject: PanelSubject;
  readonly document: AppStateDocument;
  /** The built-in framework's folder (in the extension). */
  readonly builtinDir: string;
  /** What the files the app_state names must pass before they are read; its roots are the workspace folders and their experiments folders, now. */
  readonly guard: PathGuard;
  /** Whether the workspace is trusted, now. */
  readonly trusted: () => boolean;
  /** How a file is named to the user (relative to its workspace folder). */
  readonly label: (file: string) => string;
}

export interface CardFeedEnds {
  readonly send: (message: HostToWebviewMessage) => void;
  /** A builder failed: the panel gets a notice, the output the details. */
  readonly fail: (what: string, error: unknown) => void;
  /** The experiment the Run, Artifacts and Evaluation cards follow (undefined: none). */
  readonly follow: (experimentDir: string | undefined) => void;
}

export class CardFeed {
  private reading: AppStateReading | undefined;
  private session: PanelSession | undefined;
  private models: ModelsView | undefined;
  private experiments: ExperimentSummary[] = [];
  private loaded: LoadedProject | undefined;
  private readonly sentKeys = new SentKeys();
  /** Bumped when an experiment folder changes: the models' custom tab and the experiments list depend on it. */
  private experimentsVersion = 0;
  private derivedTimer: NodeJS.Timeout | undefined;
  private experimentsTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly sources: CardFeedSources,
    private readonly ends: CardFeedEnds,
  ) {}

  /** The project folder of the last reading of the file, absolute. */
  get projectDir(): string | undefined {
    return this.reading?.projectDir;
  }

  /** The loaded project's collection files, relative to the app_state file's folder; undefined: none loaded. */
  get collections(): readonly string[] | undefined {
    return this.loaded?.view.collections;
  }

  /** The page said `ready`: everything it needs, all of it again when it was reloaded (it holds nothing). */
  pageReady(reload: boolean): void {
    if (reload) this.sentKeys.clear();
    this.refreshSession();
    this.scheduleDerived(0);
  }

  /** The app_state file changed (an edit of the panel, or anyone's): the session now, the rest debounced. */
  fileChanged(): void {
    this.refreshSession();
    this.scheduleDerived(PREVIEW_DEBOUNCE_MS);
  }

  /** Something changed in an experiments folder. */
  experimentsChanged(): void {
    clearTimeout(this.experimentsTimer);
    this.experimentsTimer = setTimeout(() => {
      this.experimentsVersion += 1;
      this.scheduleDerived(0);
    }, EXPERIMENTS_DEBOUNCE_MS);
  }

  /**
   * Sends the derived views whose inputs changed, after any refresh under way (one at a time: the next starts
   * from the state the last one left). Resolves when done; never rejects.
   */
  refreshDerived(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.sendDerived())
      .catch((error: unknown) => {
        this.ends.fail('Updating the panel', error);
      });
    return this.refreshing;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.derivedTimer);
    clearTimeout(this.experimentsTimer);
  }

  private send(message: HostToWebviewMessage): void {
    if (!this.disposed) this.ends.send(message);
  }

  // ---- the app_state file -> session ----

  private refreshSession(): void {
    const { subject, document } = this.sources;
    let reading: AppStateReading;
    try {
      reading = document.read();
    } catch (error) {
      this.ends.fail(`Reading ${this.sources.label(subject.appStateFile)}`, error);
      return;
    }
    this.reading = reading;
    let framework: PanelSession['framework'];
    const problems = [...reading.problems];
    const refusal = this.frameworkRefusal(reading.framework);
    if (refusal !== undefined) {
      problems.push({ card: 'model', field: 'framework', message: refusal });
    } else {
      try {
        framework = readFrameworkView(reading.framework, document.dir, this.sources.builtinDir);
      } catch (error) {
        problems.push({ card: 'model', field: 'framework', message: errorText(error) });
      }
    }
    const experiment = subject.mode === 'readOnly' ? this.summaryOf(subject.experimentDir) : undefined;
    this.session = {
      mode: subject.mode,
      appStateFile: subject.appStateFile,
      appStateLabel: this.sources.label(subject.appStateFile),
      ...(experiment && { experiment }),
      settings: reading.settings,
      problems,
      ...(framework && { framework }),
      trusted: this.sources.trusted(),
    };
    this.send({ type: 'session', session: this.session });
  }

  /**
   * Why the framework folder the file names is not read: the file may have been edited outside the panel to
   * name any folder, whose models.json and app_options would reach the page. The built-in one is the
   * extension's own.
   */
  private frameworkRefusal(framework: string): string | undefined {
    if (framework === BUILTIN_FRAMEWORK) return undefined;
    const { dir } = resolveFrameworkFolder(framework, this.sources.document.dir, this.sources.builtinDir);
    if (dir === undefined || this.sources.guard.check(dir).allowed) return undefined;
    return `The framework folder ${dir} is outside the workspace folders and the experiments folders, so the panel does not read it. Choose a framework of the workspace.`;
  }

  private summaryOf(dir: string): ExperimentSummary | undefined {
    try {
      return summarizeExperiment(dir);
    } catch (error) {
      this.ends.fail(`Reading the experiment ${dir}`, error);
      return undefined;
    }
  }

  // ---- everything computed from the session ----

  private scheduleDerived(delayMs: number): void {
    clearTimeout(this.derivedTimer);
    this.derivedTimer = setTimeout(() => {
      this.derivedTimer = undefined;
      void this.refreshDerived();
    }, delayMs);
  }

  /** Builds `type`'s message when `key` (what it is computed from) changed since it was last sent. */
  private sendIfChanged(type: MessageType, key: string, build: () => HostToWebviewMessage | undefined) {
    if (!this.sentKeys.claim(type, key)) return;
    try {
      const message = build();
      if (message) this.send(message);
    } catch (error) {
      this.sentKeys.release(type);
      this.ends.fail(`The panel's ${type}`, error);
    }
  }

  private async sendDerived(): Promise<void> {
    const reading = this.reading;
    const session = this.session;
    if (this.disposed || !reading || !session) return;
    const { settings } = reading;
    const { dir } = this.sources.document;
    const { builtinDir } = this.sources;
    const roots = this.sources.guard.roots();
    this.sendIfChanged('projectCandidates', roots.workspaceFolders.join('\n'), () => ({
      type: 'projectCandidates',
      candidates: projectCandidates(roots.workspaceFolders, (candidate) =>
        roots.experimentsDirs.some((experiments) => isInsideFolder(candidate, experiments)),
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
        const refusal = this.frameworkRefusal(reading.framework);
        this.models =
          refusal === undefined
            ? readModelsView(reading.framework, dir, builtinDir, roots.experimentsDirs, showCustom)
            : { columns: [], pretrained: [], custom: [], error: refusal };
        return { type: 'models', models: this.models };
      },
    );
    this.sendIfChanged(
      'hyperparameterDiagnostics',
      `${reading.framework}|${settings.hyperparameters}`,
      () => ({
        type: 'hyperparameterDiagnostics',
        diagnostics: diagnoseHyperparameters(settings.hyperparameters, reading.framework, dir, builtinDir),
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
          project && settings.split ? this.previewSplit(project, settings.split, settings.classes) : null,
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
    const { subject } = this.sources;
    // A read-only panel shows its experiment until a run is started from it (Re-run starts one from the
    // experiment's own app_state copy): then it follows that run, as an edit panel follows its file's.
    const started = experimentToFollow(this.experiments, subject.appStateFile);
    this.ends.follow(subject.mode === 'readOnly' ? (started ?? subject.experimentDir) : started);
  }

  /**
   * The split's counts; a split by collections names files, which may have been edited outside the panel
   * to lead anywhere: one outside the workspace is not read (its lines would reach the page).
   */
  private previewSplit(
    project: LoadedProject,
    split: TrainValSplitSettings,
    classes: readonly string[],
  ): SplitPreview {
    const { dir } = this.sources.document;
    if (split.method === SPLIT_METHODS.collections) {
      const outside = [...split.train_collections, ...split.val_collections].find(
        (name) => !this.sources.guard.check(path.resolve(dir, name)).allowed,
      );
      if (outside !== undefined) {
        return {
          status: 'error',
          message: `The collection file ${outside} is outside the workspace folders and the experiments folders, so the panel does not read it. Choose a collection file of the project instead.`,
        };
      }
    }
    return previewSplit(project, split, classes, dir);
  }

  /** Loads the project when its folder changed (the page shows it loading meanwhile); kept while it stays. */
  private async refreshProject(dir: string | undefined): Promise<void> {
    if (!this.sentKeys.claim('project', dir ?? '')) return;
    this.loaded = undefined;
    if (dir === undefined) {
      this.send({ type: 'project', state: { status: 'none' } });
      return;
    }
    // The file may have been edited outside the panel to name any folder, whose classes, tags and dataset
    // names would reach the page.
    if (!this.sources.guard.check(dir).allowed) {
      this.send({
        type: 'project',
        state: {
          status: 'error',
          path: dir,
          message: `${dir} is outside the workspace folders and the experiments folders, so the panel does not read it.`,
          hint: 'Choose a project of the workspace.',
        },
      });
      return;
    }
    this.send({ type: 'project', state: { status: 'loading', path: dir } });
    // Reading a dataset takes a while: let the page show "loading" first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      this.loaded = loadProject(dir, path.dirname(this.sources.subject.appStateFile));
      this.send({ type: 'project', state: { status: 'ready', view: this.loaded.view } });
    } catch (error) {
      // The user fixes the dataset, not app_state: the next refresh (any change to the file, a reload) reads it again.
      this.sentKeys.release('project');
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
    const dir = path.resolve(this.sources.document.dir, model.experiment);
    const row = this.models?.custom.find(
      (custom) => path.resolve(custom.experimentDir) === dir && custom.checkpoint === model.checkpoint,
    );
    return row?.task ?? this.experiments.find((experiment) => path.resolve(experiment.dir) === dir)?.taskType;
  }
}
