import fs from 'node:fs';
import path from 'node:path';
import { ExperimentResult } from '../../core/schemas';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { RunError } from '../runError';
import { posixRelative } from '../../data/paths';

// Finalise's first two steps: check what the framework returned, naming the field at fault, then bring every
// file it names into the experiment folder so that the folder alone is the whole experiment.

/** The result with every path made absolute and every checkpoint listed as a file. */
export interface CheckedResult {
  readonly modelName: string;
  readonly checkpoints: readonly string[];
  readonly bestCheckpoint: string;
  readonly modelFiles: Readonly<Record<string, string>>;
  readonly evaluationMetrics?: Readonly<Record<string, number>>;
}

const HINT =
  'Fix what the framework’s start() returns (or its `result` event): see the README’s custom framework section.';

function resultError(field: string, message: string): RunError {
  return new RunError({
    message: `The training result's ${field} ${message}`,
    hint: HINT,
    field: `result.${field}`,
  });
}

function isFile(target: string): boolean {
  return fs.statSync(target, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** A folder of checkpoints lists its files, hidden ones excepted, in name order. */
function checkpointFiles(value: string | readonly string[], experimentDir: string): string[] {
  if (typeof value !== 'string') {
    return value.map((file, index) => {
      const absolute = path.resolve(experimentDir, file);
      if (!isFile(absolute))
        throw resultError(`checkpoints[${String(index)}]`, `is not a file: ${absolute}.`);
      return absolute;
    });
  }
  const folder = path.resolve(experimentDir, value);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw resultError('checkpoints', `is neither a list nor an existing folder: ${folder}.`);
  }
  const files = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.join(folder, entry.name))
    .sort();
  if (files.length === 0) throw resultError('checkpoints', `names an empty folder: ${folder}.`);
  return files;
}

export function checkResult(result: unknown, experimentDir: string): CheckedResult {
  const parsed = ExperimentResult.safeParse(result);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole result)';
    const missing = issue?.code === 'invalid_type' && issue.message.includes('undefined');
    throw resultError(field, missing ? 'is missing.' : `is wrong: ${issue?.message ?? 'invalid'}.`);
  }
  const { data } = parsed;
  const checkpoints = checkpointFiles(data.checkpoints, experimentDir);
  const names = checkpoints.map((file) => path.basename(file));
  if (!names.includes(data.best_checkpoint)) {
    throw resultError(
      'best_checkpoint',
      `'${data.best_checkpoint}' is not among the checkpoints (${names.join(', ')}).`,
    );
  }
  const modelFiles: Record<string, string> = {};
  for (const [role, file] of Object.entries(data.model_files)) {
    const absolute = path.resolve(experimentDir, file);
    if (!isFile(absolute)) throw resultError(`model_files.${role}`, `is not a file: ${absolute}.`);
    modelFiles[role] = absolute;
  }
  return {
    modelName: data.model_name,
    checkpoints,
    bestCheckpoint: data.best_checkpoint,
    modelFiles,
    ...(data.evaluation_metrics ? { evaluationMetrics: data.evaluation_metrics } : {}),
  };
}

const isInside = (folder: string, target: string) => {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/**
 * Copies `file` into `folder` unless it is inside the experiment already; returns its path there. The work
 * folder is removed once the run is finalised, so what a framework left there is copied out too.
 */
function adopt(file: string, experimentDir: string, folder: string): string {
  const workDir = path.join(experimentDir, EXPERIMENT_FOLDERS.work);
  if (isInside(experimentDir, file) && !isInside(workDir, file)) return file;
  const target = path.join(experimentDir, folder, path.basename(file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
  return target;
}

/** The result as experiment_info records it: every path inside the experiment folder, relative to it. */
export interface AdoptedResult {
  readonly model_name: string;
  readonly checkpoints: string[];
  readonly best_checkpoint: string;
  readonly model_files: Record<string, string>;
}

export function adoptResultFiles(result: CheckedResult, experimentDir: string): AdoptedResult {
  const checkpoints = result.checkpoints.map((file) =>
    posixRelative(experimentDir, adopt(file, experimentDir, EXPERIMENT_FOLDERS.checkpoints)),
  );
  const modelFiles = Object.fromEntries(
    Object.entries(result.modelFiles).map(([role, file]) => [
      role,
      posixRelative(experimentDir, adopt(file, experimentDir, EXPERIMENT_FOLDERS.modelFiles)),
    ]),
  );
  return {
    model_name: result.modelName,
    checkpoints,
    best_checkpoint: result.bestCheckpoint,
    model_files: modelFiles,
  };
}
