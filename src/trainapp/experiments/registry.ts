import fs from 'node:fs';
import path from 'node:path';
import type { ExperimentInfo } from '../../core/schemas';
import { byName, listFolder } from '../../data/readers/files';
import { runIdOf } from './allocate';
import { readExperimentInfo } from './experimentInfo';
import { ExperimentFolderError } from './folderError';
import { experimentPath } from './layout';

// Every experiment of a workspace, for the editor's tree and `train-studio list`. A broken folder is
// listed with its problem; it never hides the others.

export interface ExperimentEntry {
  /** The project folder's name. */
  readonly project: string;
  /** Absolute: the run's folder, or the project's folder when that cannot be listed. */
  readonly dir: string;
  /** From the folder name `<run id>_<framework>`; undefined for a folder named otherwise. */
  readonly runId: number | undefined;
  readonly info?: ExperimentInfo;
  /** Why there is no `info`: one sentence naming the file. */
  readonly problem?: string;
}

export const NO_INFO_YET = 'no experiment_info.json yet';

function entryOf(project: string, dir: string): ExperimentEntry {
  const runId = runIdOf(path.basename(dir));
  try {
    return { project, dir, runId, info: readExperimentInfo(dir) };
  } catch (error) {
    if (!(error instanceof ExperimentFolderError)) throw error;
    // A run that is just starting has its folder before its info.
    const problem = fs.existsSync(experimentPath.info(dir)) ? error.message : NO_INFO_YET;
    return { project, dir, runId, problem };
  }
}

function cannotList(folder: string, error: unknown): string {
  return `${folder}: ${error instanceof Error ? error.message : String(error)}.`;
}

function projectEntries(projectDir: string): ExperimentEntry[] {
  const project = path.basename(projectDir);
  let runs: readonly string[];
  try {
    runs = listFolder(projectDir).folders;
  } catch (error) {
    return [{ project, dir: projectDir, runId: undefined, problem: cannotList(projectDir, error) }];
  }
  return runs.map((run) => entryOf(project, path.join(projectDir, run)));
}

/** Newest run first within a project; folders without a run id after those with one. */
function byProjectThenNewest(a: ExperimentEntry, b: ExperimentEntry): number {
  if (a.project !== b.project) return byName(a.project, b.project);
  if (a.runId !== b.runId) return (b.runId ?? -1) - (a.runId ?? -1);
  return byName(a.dir, b.dir);
}

/** Empty when the experiments folder does not exist yet; throws only when it exists and cannot be listed. */
export function listExperiments(experimentsDir: string): ExperimentEntry[] {
  const root = path.resolve(experimentsDir);
  let projects: readonly string[];
  try {
    projects = listFolder(root).folders;
  } catch (error) {
    throw new ExperimentFolderError({
      message: cannotList(root, error),
      hint: 'Check the experiments folder and its permissions.',
      file: root,
    });
  }
  return projects.flatMap((project) => projectEntries(path.join(root, project))).sort(byProjectThenNewest);
}
