import fs from 'node:fs';
import path from 'node:path';
import { describeFsError, listFolder } from '../../data/readers/files';
import { ExperimentFolderError } from './folderError';
import { safeFolderName } from './folderName';

// A new run's folder: experiments/<project>/<run id>_<framework>. Run ids increase across the whole
// workspace. Runs may start at the same moment (two terminals, the editor and a script), so the folder is
// claimed with an exclusive mkdir: whoever loses gets a suffixed folder, never a shared one.

export interface AllocateOptions {
  readonly experimentsDir: string;
  readonly projectName: string;
  readonly framework: string;
}

export interface AllocatedExperiment {
  /** Absolute. */
  readonly dir: string;
  readonly runId: number;
  /** The project's folder name, made safe for every OS. */
  readonly projectName: string;
}

const RUN_FOLDER = /^(\d+)_/;

/** The run id of a folder named `<run id>_<framework>[_<n>]`, or undefined for any other name. */
export function runIdOf(folderName: string): number | undefined {
  const digits = RUN_FOLDER.exec(folderName)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

function subfolders(folder: string): readonly string[] {
  try {
    return listFolder(folder).folders;
  } catch {
    // A folder that cannot be listed is no place for this run's folder to collide with.
    return [];
  }
}

function largestRunId(experimentsDir: string): number {
  let largest = 0;
  for (const project of subfolders(experimentsDir)) {
    for (const run of subfolders(path.join(experimentsDir, project))) {
      largest = Math.max(largest, runIdOf(run) ?? 0);
    }
  }
  return largest;
}

function isAlreadyThere(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}

/** Creates the first free `<base>`, `<base>_2`, `<base>_3`, … and returns it. */
function claimFolder(projectDir: string, base: string): string {
  for (let attempt = 1; ; attempt++) {
    const dir = path.join(projectDir, attempt === 1 ? base : `${base}_${attempt}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (error) {
      if (!isAlreadyThere(error)) throw error;
    }
  }
}

export function allocateExperimentFolder(options: AllocateOptions): AllocatedExperiment {
  const projectName = safeFolderName(options.projectName, 'project');
  const framework = safeFolderName(options.framework, 'framework');
  const projectDir = path.resolve(options.experimentsDir, projectName);
  try {
    fs.mkdirSync(projectDir, { recursive: true });
    const runId = largestRunId(options.experimentsDir) + 1;
    return { dir: claimFolder(projectDir, `${runId}_${framework}`), runId, projectName };
  } catch (error) {
    throw new ExperimentFolderError({
      message: `Cannot create an experiment folder in ${projectDir}: ${describeFsError(error)}.`,
      hint: "The workspace's experiments folder must be a writable folder; check it and its permissions.",
      file: projectDir,
    });
  }
}
