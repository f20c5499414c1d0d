import path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentInfo } from '../../../core/schemas';
import { isLive, listExperiments, readExperimentInfo } from '../../../trainapp/experiments';
import type { RunServices } from '../runs/types';
import type { UserError } from '../userError';
import { experimentsDirs, workspaceLabel } from './workspace';

// The workspace's experiments, and the pickers that choose among them.

export interface WorkspaceExperiment {
  /** Absolute. */
  readonly dir: string;
  readonly info: ExperimentInfo;
  /** A trainer works in it now: this window's, or any process holding its lock. */
  readonly live: boolean;
}

/** A trainer works in `dir` now: one this window started, or any process holding the folder's lock. */
export const trainsNow = (dir: string, runs: RunServices): boolean =>
  runs.liveRuns.find(dir) !== undefined || isLive(dir);

// An unreadable experiment folder throws an ExperimentFolderError, whose message and hint reportError shows.

/** The experiment at `dir`, as a tree item names it. */
export function experimentAt(dir: string, runs: RunServices): WorkspaceExperiment {
  return { dir, info: readExperimentInfo(dir), live: trainsNow(dir, runs) };
}

/** Every readable experiment of the workspace folders, newest first within a project. */
export function workspaceExperiments(runs: RunServices): WorkspaceExperiment[] {
  return experimentsDirs().flatMap((experimentsDir) =>
    listExperiments(experimentsDir).flatMap(({ dir, info }) =>
      info ? [{ dir, info, live: trainsNow(dir, runs) }] : [],
    ),
  );
}

interface ExperimentItem extends vscode.QuickPickItem {
  readonly experiment: WorkspaceExperiment;
}

function itemOf(experiment: WorkspaceExperiment): ExperimentItem {
  const { info } = experiment;
  const project = path.basename(path.dirname(experiment.dir));
  const status = experiment.live ? 'running' : info.status;
  return {
    label: info.experiment_name,
    description: [
      project,
      info.model_name,
      status,
      info.epochs === undefined ? undefined : `${String(info.epochs)} epochs`,
    ]
      .filter(Boolean)
      .join(' · '),
    detail: workspaceLabel(experiment.dir),
    experiment,
  };
}

export interface ExperimentQuestion {
  readonly title: string;
  readonly placeholder: string;
  /** Said when no experiment qualifies. */
  readonly none: UserError;
}

/** One experiment among `experiments`; undefined when the user cancels. */
export async function pickExperiment(
  experiments: readonly WorkspaceExperiment[],
  question: ExperimentQuestion,
): Promise<WorkspaceExperiment | undefined> {
  if (experiments.length === 0) throw question.none;
  const picked = await vscode.window.showQuickPick(experiments.map(itemOf), {
    title: question.title,
    placeHolder: question.placeholder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.experiment;
}

/** Several experiments, those in `preselected` already ticked; undefined when the user cancels. */
export async function pickExperiments(
  experiments: readonly WorkspaceExperiment[],
  question: ExperimentQuestion,
  preselected: readonly string[] = [],
): Promise<WorkspaceExperiment[] | undefined> {
  if (experiments.length === 0) throw question.none;
  const items = experiments.map((experiment) => ({
    ...itemOf(experiment),
    picked: preselected.includes(experiment.dir),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: question.title,
    placeHolder: question.placeholder,
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.map((item) => item.experiment);
}
