import fs from 'node:fs';
import { findJsonSyntaxError } from '../../core/config/jsonSyntaxError';
import { LineIndex } from '../../core/config/position';
import { ExperimentInfo } from '../../core/schemas';
import { writeJsonAtomic } from '../../data/atomicWrite';
import { describeFsError, isMissing } from '../../data/readers/files';
import { ExperimentFolderError } from './folderError';
import { experimentPath } from './layout';

// experiment_info.json: what a run produced, and the one file that says a folder is an experiment. Read by
// resume, finalize, evaluation and the editor's tree; written only whole and atomically.

function readInfoText(dir: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isMissing(error) && !fs.existsSync(dir)) {
      throw new ExperimentFolderError({
        message: `There is no experiment folder ${dir}.`,
        hint: 'Check the path: experiment folders are experiments/<project>/<run id>_<framework>.',
        file,
      });
    }
    if (isMissing(error)) {
      throw new ExperimentFolderError({
        message: `${file} does not exist.`,
        hint: 'A run writes it as it starts: if no run is starting in this folder, it is not an experiment folder.',
        file,
      });
    }
    throw new ExperimentFolderError({
      message: `Cannot read ${file}: ${describeFsError(error)}.`,
      hint: 'Check the file and its permissions.',
      file,
    });
  }
}

function parseInfoJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const where = found ? new LineIndex(text).positionAt(found.offset) : undefined;
    const position = where ? `:${where.line + 1}:${where.character + 1}` : '';
    const reason = found?.message ?? (error instanceof Error ? error.message : String(error));
    throw new ExperimentFolderError({
      message: `${file}${position}: not valid JSON: ${reason}.`,
      hint: 'Fix the JSON at that position (the editor underlines it), or restore the file from a backup.',
      file,
    });
  }
}

export function readExperimentInfo(dir: string): ExperimentInfo {
  const file = experimentPath.info(dir);
  const result = ExperimentInfo.safeParse(parseInfoJson(readInfoText(dir, file), file));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  const subject = field === '' ? 'the file' : `\`${field}\``;
  throw new ExperimentFolderError({
    message: `${file}: ${subject}: ${issue?.message ?? 'invalid'}.`,
    hint: `Correct ${subject} (the editor checks this file against its schema), or restore it from a backup.`,
    file,
    ...(field === '' ? {} : { field }),
  });
}

/** Checks first: an invalid info is a defect of the caller, and must not replace a valid file. */
export function writeExperimentInfo(dir: string, info: ExperimentInfo): void {
  const result = ExperimentInfo.safeParse(info);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Refusing to write an invalid ${experimentPath.info(dir)}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  writeJsonAtomic(experimentPath.info(dir), result.data, { durable: true });
}

/** Read, change, write. One process owns a running experiment (its run lock), so nothing is lost between. */
export function updateExperimentInfo(
  dir: string,
  change: (info: ExperimentInfo) => ExperimentInfo,
): ExperimentInfo {
  const changed = change(readExperimentInfo(dir));
  writeExperimentInfo(dir, changed);
  return changed;
}
