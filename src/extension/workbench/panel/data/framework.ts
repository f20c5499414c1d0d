import fs from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../../../core/config';
import { CONFIG_KINDS } from '../../../../core/names';
import type { CustomModelRow, FrameworkView, ModelsView, PretrainedModelRow } from '../../../../core/panel';
import { AppOptions, modelDisplayName } from '../../../../core/schemas';
import type { ModelsJson } from '../../../../core/schemas';
import { describeFsError, isMissing } from '../../../../data/readers/files';
import { checkConfigText } from '../../../../trainapp/configFiles';
import { resolveFrameworkFolder } from '../../../../trainapp/configFiles/frameworkFolder';
import { customModelOptions, readModelsJson } from '../../commands/newRun/modelOptions';
import { UserError } from '../../userError';
import { experimentsIn } from './experiments';

// The Model and Options cards' facts: the framework's app_options.yaml and models.json, and the checkpoints
// of earlier experiments.

const APP_OPTIONS_FILES = ['app_options.yaml', 'app_options.yml'];
const MODELS_FILE = 'models.json';

/**
 * Devices offered when app_options sets `device_selector`. Finding out which GPUs train here means
 * loading tfjs or running nvidia-smi (seconds; `train-studio doctor` does it), too slow for a panel that
 * redraws on every edit of app_state, so the selector offers the CPU and the first GPU, and the trainer
 * says so when `gpu:0` cannot be used.
 */
const SELECTABLE_DEVICES = ['cpu', 'gpu:0'];

function frameworkDirOf(framework: string, appStateDir: string, builtinFrameworkDir: string) {
  const folder = resolveFrameworkFolder(framework, appStateDir, builtinFrameworkDir);
  return { name: folder.name, dir: folder.dir ?? builtinFrameworkDir };
}

function readAppOptionsText(dir: string): { file: string; text: string } | undefined {
  for (const name of APP_OPTIONS_FILES) {
    const file = path.join(dir, name);
    try {
      return { file, text: fs.readFileSync(file, 'utf8') };
    } catch (error) {
      if (isMissing(error)) continue;
      throw new UserError(
        `Cannot read ${file}: ${describeFsError(error)}.`,
        'Check the file and its permissions.',
      );
    }
  }
  return undefined;
}

/** app_options.yaml checked as the editor checks it: its first error stops the panel, with its line. */
function readAppOptions(dir: string): AppOptions {
  const found = readAppOptionsText(dir);
  if (found === undefined) return AppOptions.parse({});
  const { file, text } = found;
  const kind = CONFIG_KINDS.appOptions;
  const problem = checkConfigText(file, text, { kind }).findings.find(
    (finding) => finding.severity === 'error',
  );
  const parsed =
    problem === undefined ? AppOptions.safeParse(parseConfig(kind, text).value ?? {}) : undefined;
  if (parsed?.success) return parsed.data;
  const where = problem === undefined ? '' : `:${String(problem.range.start.line + 1)}`;
  const message = problem?.message ?? parsed?.error.issues[0]?.message ?? 'not valid';
  throw new UserError(
    `${file}${where}: ${message}`,
    'Open the file: the editor underlines each problem. Until it is fixed the panel cannot show this framework.',
  );
}

/**
 * The framework an app_state names (`builtin` or a folder relative to `appStateDir`): its name, its
 * app_options (defaults when it has none) and the devices for the device selector. Throws a UserError
 * naming the file when app_options.yaml is invalid.
 */
export function readFrameworkView(
  framework: string,
  appStateDir: string,
  builtinFrameworkDir: string,
): FrameworkView {
  const { name, dir } = frameworkDirOf(framework, appStateDir, builtinFrameworkDir);
  const appOptions = readAppOptions(dir);
  return { name, appOptions, devices: appOptions.device_selector ? [...SELECTABLE_DEVICES] : [] };
}

const cellText = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/** Every key but `meta`, in the order the entries first use them. */
function displayColumns(models: ModelsJson): string[] {
  const columns = new Set<string>();
  for (const entry of models) for (const key of Object.keys(entry)) if (key !== 'meta') columns.add(key);
  return [...columns];
}

function pretrainedRows(models: ModelsJson, columns: readonly string[]): PretrainedModelRow[] {
  return models.flatMap((entry) => {
    const name = modelDisplayName(entry);
    if (name === undefined) return [];
    const cells = Object.fromEntries(columns.map((column) => [column, cellText(entry[column])]));
    return [{ name, task: entry.meta.task_type, columns: cells }];
  });
}

function customRows(experimentsRoots: readonly string[]): CustomModelRow[] {
  return customModelOptions(experimentsIn(experimentsRoots)).map((option) => ({
    experimentDir: option.experimentDir,
    experimentName: option.experimentName,
    checkpoint: option.checkpoint,
    best: option.best,
    ...(option.task === undefined ? {} : { task: option.task }),
    ...(option.model === undefined ? {} : { model: option.model }),
  }));
}

/** models.json's entries and display columns, and (when `showCustom`) every experiment's checkpoints. */
export function readModelsView(
  framework: string,
  appStateDir: string,
  builtinFrameworkDir: string,
  experimentsRoots: readonly string[],
  showCustom: boolean,
): ModelsView {
  const { dir } = frameworkDirOf(framework, appStateDir, builtinFrameworkDir);
  const custom = showCustom ? customRows(experimentsRoots) : [];
  let models: ModelsJson;
  try {
    models = readModelsJson(path.join(dir, MODELS_FILE));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { columns: [], pretrained: [], custom, error: `${error.message} ${error.hint}` };
  }
  const columns = displayColumns(models);
  return { columns, pretrained: pretrainedRows(models, columns), custom };
}
