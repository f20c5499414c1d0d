import fs from 'node:fs';
import path from 'node:path';
import type { ConfigDocument, Finding, Range } from '../../core/config';
import { rangeOf, suggestClosest } from '../../core/config';
import { BUILTIN_FRAMEWORK, CONFIG_KINDS, MODEL_SOURCES, SPLIT_METHODS } from '../../core/names';
import { listProjectClasses } from '../../data/projectClasses';
import { isFile, isFolder } from '../../data/readers/files';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { isRemoteUrl } from '../modelSource/remoteUrl';
import { resolveFrameworkFolder } from './frameworkFolder';
import { readModelNames } from './frameworkModels';

// Checks that need the file system: do the paths a config names exist, and do the names it uses exist
// where they point. Paths in a config file are relative to the file's own folder.

export interface FileCheckOptions {
  /** The built-in framework's folder, when the caller knows where the package is installed. */
  readonly builtinFrameworkDir?: string;
}

type Path = readonly (string | number)[];

function valueAt(value: unknown, keys: Path): unknown {
  let node = value;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

const stringAt = (value: unknown, keys: Path): string | undefined => {
  const found = valueAt(value, keys);
  return typeof found === 'string' && found.length > 0 ? found : undefined;
};

class FindingList {
  readonly findings: Finding[] = [];
  constructor(private readonly document: ConfigDocument) {}

  error(keys: Path, message: string): void {
    const range: Range | undefined = rangeOf(this.document, keys, 'value');
    if (range) this.findings.push({ severity: 'error', range, message, code: 'file-check', fixes: [] });
  }

  /** The folder an app_state path names, or undefined after reporting that it does not exist. */
  folder(keys: Path, what: string, relative: string, appStateDir: string): string | undefined {
    const absolute = path.resolve(appStateDir, relative);
    if (isFolder(absolute)) return absolute;
    this.error(
      keys,
      `${what} folder \`${relative}\` does not exist (looked for ${absolute}). The path is relative to this app_state.json.`,
    );
    return undefined;
  }
}

const didYouMean = (word: string, candidates: readonly string[]): string => {
  const suggestion = suggestClosest(word, candidates);
  return suggestion ? ` Did you mean \`${suggestion}\`?` : '';
};

function checkModelsJson(value: unknown, dir: string, found: FindingList): void {
  if (!Array.isArray(value)) return;
  value.forEach((_entry: unknown, index) => {
    const keys = [index, 'meta', 'model_files', 'checkpoint'];
    const checkpoint = stringAt(value, keys);
    if (!checkpoint || isRemoteUrl(checkpoint)) return;
    const absolute = path.resolve(dir, checkpoint);
    if (!fs.existsSync(absolute)) {
      found.error(
        keys,
        `Checkpoint \`${checkpoint}\` does not exist (looked for ${absolute}). A local path is relative to this models.json; a URL must start with a scheme such as https://.`,
      );
    }
  });
}

function checkProject(value: unknown, dir: string, found: FindingList): void {
  const project = stringAt(value, ['input', 'project']);
  if (!project) return;
  const projectDir = found.folder(['input', 'project'], 'Project', project, dir);
  if (!projectDir) return;
  const classes = valueAt(value, ['classes']);
  if (!Array.isArray(classes) || classes.length === 0) return;
  const known = listProjectClasses(projectDir);
  if (!known) return;
  classes.forEach((title: unknown, index) => {
    if (typeof title !== 'string' || known.includes(title)) return;
    found.error(
      ['classes', index],
      `Class \`${title}\` is not in the project, whose classes are: ${known.join(', ')}.${didYouMean(title, known)}`,
    );
  });
}

function checkModel(value: unknown, dir: string, options: FileCheckOptions, found: FindingList): void {
  const framework = resolveFrameworkFolder(
    stringAt(value, ['framework']) ?? BUILTIN_FRAMEWORK,
    dir,
    options.builtinFrameworkDir,
  );
  if (framework.name !== BUILTIN_FRAMEWORK && framework.dir && !isFolder(framework.dir)) {
    found.error(
      ['framework'],
      `Framework folder does not exist (looked for ${framework.dir}). Use \`${BUILTIN_FRAMEWORK}\` for the built-in framework, or a folder relative to this app_state.json.`,
    );
    return;
  }
  const source = stringAt(value, ['model', 'source']);
  if (source === MODEL_SOURCES.pretrained) {
    const modelName = stringAt(value, ['model', 'model_name']);
    const names = framework.dir ? readModelNames(path.join(framework.dir, 'models.json')) : undefined;
    if (!modelName || !names) return;
    if (!names.includes(modelName)) {
      found.error(
        ['model', 'model_name'],
        `No model \`${modelName}\` in ${framework.name}'s models.json; it offers: ${names.join(', ')}.${didYouMean(modelName, names)}`,
      );
    }
  } else if (source === MODEL_SOURCES.custom) {
    const experiment = stringAt(value, ['model', 'experiment']);
    if (!experiment) return;
    const experimentDir = found.folder(['model', 'experiment'], 'Experiment', experiment, dir);
    if (!experimentDir) return;
    const checkpoint = stringAt(value, ['model', 'checkpoint']);
    if (checkpoint && !isFile(path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints, checkpoint))) {
      found.error(
        ['model', 'checkpoint'],
        `Checkpoint \`${checkpoint}\` is not in ${path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints)}.`,
      );
    }
  }
}

function checkCollections(value: unknown, dir: string, found: FindingList): void {
  if (stringAt(value, ['train_val_split', 'method']) !== SPLIT_METHODS.collections) return;
  for (const key of ['train_collections', 'val_collections']) {
    const files = valueAt(value, ['train_val_split', key]);
    if (!Array.isArray(files)) continue;
    files.forEach((file: unknown, index) => {
      if (typeof file === 'string' && !isFile(path.resolve(dir, file))) {
        found.error(
          ['train_val_split', key, index],
          `Collection file \`${file}\` does not exist (looked for ${path.resolve(dir, file)}). It lists one \`dataset/item\` per line, relative to this app_state.json.`,
        );
      }
    });
  }
}

/** The file-system findings for a parsed config; `value` is its plain data, valid or not. */
export function checkFiles(
  document: ConfigDocument,
  value: unknown,
  filePath: string,
  options: FileCheckOptions,
): Finding[] {
  const dir = path.dirname(filePath);
  const found = new FindingList(document);
  if (document.kind === CONFIG_KINDS.models) checkModelsJson(value, dir, found);
  if (document.kind === CONFIG_KINDS.appState) {
    checkProject(value, dir, found);
    checkModel(value, dir, options, found);
    checkCollections(value, dir, found);
  }
  return found.findings;
}
