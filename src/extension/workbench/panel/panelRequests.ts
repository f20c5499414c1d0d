import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { parseConfig, rangeOf } from '../../../core/config';
import { CONFIG_KINDS, MODEL_SOURCES, SPLIT_METHODS } from '../../../core/names';
import type { HostToWebviewMessage, PanelEdit } from '../../../core/panel/messages';
import { writeJsonAtomic } from '../../../data/atomicWrite';
import { fineTuneAppState } from '../commands/fineTuneAppState';
import { startAppState } from '../commands/start';
import { mayWrite } from '../commands/writeAppState';
import { workspaceLabel } from '../pick/workspace';
import { revealPath } from '../tree/reveal';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import type { AppStateDocument } from './appStateDocument';
import type { RequestMessage } from './channel';
import { readComparedRuns } from './data/experiments';
import { guardedCheckpoint } from './experimentCheckpoint';
import { REQUEST_LABELS } from './failures';
import { workspaceFolderOfExperiment } from './roots';
import type { PanelServices } from './services';
import type { PanelSubject } from './subject';

// The page's requests to one panel: edits of its app_state file, and its actions (start, stop, open a file…).
// The page is untrusted: the channel has parsed each message, and every path one names passes the guard
// here, at the request that uses it, before anything reads, writes or opens it.

export interface RequestEnds {
  readonly notice: (level: 'info' | 'warning' | 'error', message: string) => void;
  /** A request failed: the panel gets a notice, the output the details. */
  readonly fail: (what: string, error: unknown) => void;
  /** The app_state file was edited: the page should not wait for the watcher to notice. */
  readonly edited: () => void;
  /**
   * An edit did not reach the file: the page shows the value the user chose, so it is sent the file's
   * settings again, changed or not.
   */
  readonly resync: () => void;
  readonly send: (message: HostToWebviewMessage) => void;
  /** The project folder of the file as last read, absolute. */
  readonly projectDir: () => string | undefined;
  /** The project's collection files, relative to the app_state file's folder; undefined: not loaded. */
  readonly collections: () => readonly string[] | undefined;
  /** The experiment the Run card follows: the one Stop stops. */
  readonly followedExperiment: () => string | undefined;
}

export class PanelRequests {
  constructor(
    private readonly subject: PanelSubject,
    private readonly document: AppStateDocument,
    private readonly services: PanelServices,
    private readonly ends: RequestEnds,
  ) {}

  /** Handles `message`; a failure becomes a notice, never a rejection. */
  async handle(message: RequestMessage): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      this.ends.fail(REQUEST_LABELS[message.type], error);
      if (message.type === 'edit') this.ends.resync();
    }
  }

  /**
   * The paths a message names, each through `guarded` before use:
   * - edit of `project`: the project folder (edit());
   * - edit of `model` from "Custom models": its experiment folder, resolved against the app_state, and its
   *   checkpoint (edit(), guardedCheckpoint());
   * - edit of `split` by collections: each collection file, resolved against the app_state (edit());
   * - browseProject: the folder picked, as an edit of `project` (edit());
   * - fineTune: the checkpoint, as the experiment's own files resolve it (fineTune());
   * - openFile, revealFile: the file;
   * - compare: each experiment folder, which must be one (guard.checkExperiment).
   * The others name none: start, rerun and openHyperparameters use the panel's own file, stop its run.
   */
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
        await startAppState(this.services.commands, this.editableSubject('Start').appStateFile);
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
        if (file) await revealPath(file);
        return;
      }
      case 'compare': {
        const dirs = message.dirs.flatMap((dir) => this.guarded(dir, 'compare', 'experiment') ?? []);
        this.ends.send({ type: 'comparison', runs: readComparedRuns(dirs) });
        return;
      }
    }
  }

  /**
   * The path when the guard lets it through; otherwise undefined, with the refusal logged and said on the
   * page. The page is untrusted: a path it sends must lead into the workspace or the experiments folders.
   */
  private guarded(
    candidate: string,
    action: string,
    kind: 'path' | 'experiment' = 'path',
  ): string | undefined {
    const { guard } = this.services;
    const verdict = kind === 'experiment' ? guard.checkExperiment(candidate) : guard.check(candidate);
    if (verdict.allowed) return verdict.path;
    this.refuse(candidate, action, verdict.reason);
    return undefined;
  }

  private refuse(candidate: string, action: string, reason: string): void {
    this.services.commands.host.output.warn(`Training panel: refused to ${action} ${candidate}: ${reason}.`);
    this.ends.notice('error', `Refused to ${action} ${candidate}: ${reason}.`);
  }

  private edit(edit: PanelEdit): void {
    const file = this.subject.appStateFile;
    const dirty = vscode.workspace.textDocuments.some(
      (document) => document.isDirty && path.resolve(document.uri.fsPath) === file,
    );
    if (dirty) {
      // Written now, the file and the editor's unsaved text would conflict on the next save.
      const name = path.basename(file);
      this.ends.notice('warning', `Save or revert ${name} in the editor first: it has unsaved changes.`);
      this.ends.resync();
      return;
    }
    const checked = this.checkedEdit(edit);
    if (!checked) {
      this.ends.resync();
      return;
    }
    this.document.apply(checked);
    this.ends.edited();
  }

  /** The edit with the paths it names checked (and made absolute where the host writes them relative). */
  private checkedEdit(edit: PanelEdit): PanelEdit | undefined {
    switch (edit.field) {
      case 'project': {
        const dir = this.guarded(edit.value, 'use the project');
        return dir === undefined ? undefined : { field: 'project', value: dir };
      }
      case 'model': {
        if (edit.value.source !== MODEL_SOURCES.custom) return edit;
        const experimentDir = path.resolve(this.document.dir, edit.value.experiment);
        const { experimentDir: dir, checkpoint } = guardedCheckpoint(
          this.services.guard,
          experimentDir,
          edit.value.checkpoint,
        );
        return { field: 'model', value: { ...edit.value, experiment: dir, checkpoint: checkpoint.name } };
      }
      case 'split': {
        const split = edit.value;
        if (split.method !== SPLIT_METHODS.collections) return edit;
        const listed = this.ends.collections()?.map((name) => path.resolve(this.document.dir, name));
        const refused = [...split.train_collections, ...split.val_collections].find((name) => {
          const resolved = path.resolve(this.document.dir, name);
          if (listed && !listed.includes(resolved)) {
            this.refuse(name, 'use the collection', `${name} is not one of the project's collection files`);
            return true;
          }
          return this.guarded(resolved, 'use the collection') === undefined;
        });
        return refused === undefined ? edit : undefined;
      }
      default:
        return edit;
    }
  }

  private async browseProject(): Promise<void> {
    const current = this.ends.projectDir();
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
    if (!fs.existsSync(file)) {
      throw new UserError(
        `${workspaceLabel(file)} does not exist any more.`,
        'Restore the file, or close the panel and open it on another app_state file.',
      );
    }
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
    const dir = this.ends.followedExperiment();
    const stopped = dir !== undefined && (await this.services.commands.runs.stopExperiment(dir));
    if (!stopped) this.ends.notice('info', 'No run of this panel is training now: there is nothing to stop.');
  }

  /** A read-only panel shows a finished experiment: starting its copy of the settings would re-run it unasked. */
  private editableSubject(action: string): Extract<PanelSubject, { mode: 'edit' }> {
    if (this.subject.mode === 'edit') return this.subject;
    throw new UserError(
      `${action} applies to an app_state file, not to a finished experiment.`,
      "Use Re-run to train again with the experiment's settings, or Fine-tune to start from one of its checkpoints.",
    );
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
    const { guard } = this.services;
    const chosen = guardedCheckpoint(guard, this.readOnlySubject('Fine-tune').experimentDir, checkpoint);
    const { file, appState } = fineTuneAppState(chosen.experimentDir, chosen.info, chosen.checkpoint.name, {
      allowed: (target) => guard.check(target).allowed,
      workspaceFolder: workspaceFolderOfExperiment(chosen.experimentDir),
    });
    if (!(await mayWrite(file))) return;
    writeJsonAtomic(file, appState);
    this.services.openEditPanel(file);
  }
}
