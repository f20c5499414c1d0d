import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_FRAMEWORK, FROM_SCRATCH_CHECKPOINT, MODEL_SOURCES } from '../../core/names';
import type { TaskType } from '../../core/names';
import { BuiltinHyperparameters, ModelsJson, modelDisplayName } from '../../core/schemas';
import type { ModelEntry } from '../../core/schemas';
import { CheckpointSidecar } from '../../engine/checkpoint';
import { EXPERIMENT_FOLDERS } from '../experiments/layout';
import { readExperimentInfo } from '../experiments';
import { resolveFrameworkFolder } from '../configFiles/frameworkFolder';
import { loadFramework } from '../frameworks/loadFramework';
import type { Framework } from '../frameworks/contract';
import { CheckpointSourceError, resolveCheckpoint } from '../modelSource/resolveCheckpoint';
import type { CheckpointSource } from '../modelSource/resolveCheckpoint';
import type { DownloadProgress } from '../modelSource/download';
import { RunError } from '../runError';
import type { AppStateFile } from './appStateFile';

// Resolve: turn an app_state's names into things that exist on this machine: the framework, the models.json
// entry, the checkpoint to start from (downloaded and cached when it is a URL) and the parsed hyperparameters.

export interface ResolvedFramework {
  readonly name: string;
  /** Folder with models.json (and framework.json for a user's framework). */
  readonly dir: string;
  /** Undefined for the built-in framework, which the lifecycle builds per run. */
  readonly plugin?: Framework;
}

export interface ResolvedModel {
  readonly name: string;
  readonly meta: ModelEntry['meta'];
  readonly taskType: TaskType;
}

export interface ResolvedRun {
  readonly appState: AppStateFile;
  readonly framework: ResolvedFramework;
  readonly model: ResolvedModel;
  readonly checkpoint: CheckpointSource;
  /** The classes the starting checkpoint was trained on, when it says. */
  readonly checkpointClasses?: readonly string[];
  /** What experiment_info.base_checkpoint records: null when training from scratch. */
  readonly baseCheckpoint: string | null;
  /** Parsed; validated and defaulted for the built-in framework. */
  readonly hyperparameters: unknown;
  readonly hyperparametersText: string;
}

export interface ResolveOptions {
  readonly builtinFrameworkDir: string;
  /** Where downloaded checkpoints are cached. */
  readonly cacheDir: string;
  readonly onDownloadProgress?: (progress: DownloadProgress) => void;
}

function readModels(frameworkDir: string): ModelsJson {
  const file = path.join(frameworkDir, 'models.json');
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RunError({
      message: `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Every framework folder needs a models.json listing its models; `train-studio validate` checks it.',
      file,
    });
  }
  const parsed = ModelsJson.safeParse(value);
  if (!parsed.success) {
    throw new RunError({
      message: `${file} is not a valid models.json.`,
      hint: `Run \`train-studio validate ${file}\` to see where.`,
      file,
    });
  }
  return parsed.data;
}

function findModel(frameworkDir: string, frameworkName: string, modelName: string): ResolvedModel {
  const models = readModels(frameworkDir);
  const entry = models.find((candidate) => modelDisplayName(candidate) === modelName);
  if (!entry) {
    const names = models.map(modelDisplayName).filter((name) => name !== undefined);
    throw new RunError({
      message: `No model '${modelName}' in ${frameworkName}'s models.json.`,
      hint: `Use one of: ${names.join(', ')}.`,
      field: 'model.model_name',
    });
  }
  return { name: modelName, meta: entry.meta, taskType: entry.meta.task_type };
}

function resolveFramework(file: AppStateFile, builtinDir: string): ResolvedFramework {
  const { framework } = file.appState;
  if (framework === BUILTIN_FRAMEWORK) return { name: BUILTIN_FRAMEWORK, dir: builtinDir };
  const folder = resolveFrameworkFolder(framework, file.dir, builtinDir);
  const dir = folder.dir ?? path.resolve(file.dir, framework);
  const plugin = loadFramework(dir);
  return { name: plugin.name, dir, plugin };
}

function parseHyperparameters(text: string, builtin: boolean, appStatePath: string): unknown {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : (parseYaml(text) as unknown);
  } catch (error) {
    throw new RunError({
      message: `The hyperparameters in ${appStatePath} are not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Open the app_state in the editor, or check the YAML with `train-studio validate`.',
      file: appStatePath,
      field: 'hyperparameters',
    });
  }
  if (!builtin) return value ?? {};
  const parsed = BuiltinHyperparameters.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new RunError({
    message: `Hyperparameter ${where}${issue?.message ?? 'invalid'} (in ${appStatePath}).`,
    hint: 'The built-in framework’s hyperparameters are listed in the README’s config reference.',
    file: appStatePath,
    field: `hyperparameters.${issue?.path.join('.') ?? ''}`,
  });
}

/** The classes a built-in checkpoint sidecar records; undefined for another framework's files. */
export function checkpointClassesOf(sidecarPath: string): readonly string[] | undefined {
  try {
    const parsed = CheckpointSidecar.safeParse(JSON.parse(fs.readFileSync(sidecarPath, 'utf8')));
    return parsed.success ? parsed.data.model.classes : undefined;
  } catch {
    return undefined;
  }
}

const classesOfCheckpoint = (source: CheckpointSource) =>
  source.kind === 'file' ? checkpointClassesOf(source.sidecarPath) : undefined;

async function resolvePretrained(
  framework: ResolvedFramework,
  model: ResolvedModel,
  options: ResolveOptions,
): Promise<{ checkpoint: CheckpointSource; base: string | null }> {
  const reference = model.meta.model_files.checkpoint;
  try {
    const checkpoint = await resolveCheckpoint(reference, {
      modelsJsonDir: framework.dir,
      cacheDir: options.cacheDir,
      ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
    });
    return { checkpoint, base: reference === FROM_SCRATCH_CHECKPOINT ? null : reference };
  } catch (error) {
    if (error instanceof CheckpointSourceError)
      throw new RunError({ message: error.message, hint: error.hint });
    throw error;
  }
}

export async function resolveRun(file: AppStateFile, options: ResolveOptions): Promise<ResolvedRun> {
  const { appState } = file;
  const framework = resolveFramework(file, options.builtinFrameworkDir);
  const builtin = framework.plugin === undefined;
  const hyperparameters = parseHyperparameters(appState.hyperparameters, builtin, file.path);
  const common = {
    appState: file,
    framework,
    hyperparameters,
    hyperparametersText: appState.hyperparameters,
  };
  if (appState.model.source === MODEL_SOURCES.pretrained) {
    const model = findModel(framework.dir, framework.name, appState.model.model_name);
    const { checkpoint, base } = await resolvePretrained(framework, model, options);
    const checkpointClasses = classesOfCheckpoint(checkpoint);
    return {
      ...common,
      model,
      checkpoint,
      baseCheckpoint: base,
      ...(checkpointClasses ? { checkpointClasses } : {}),
    };
  }
  const experimentDir = path.resolve(file.dir, appState.model.experiment);
  const earlier = readExperimentInfo(experimentDir);
  if (earlier.framework_name !== framework.name) {
    throw new RunError({
      message: `The experiment ${experimentDir} was trained with ${earlier.framework_name}, not ${framework.name}.`,
      hint: `Set "framework" to the framework that trained it, or pick an experiment of ${framework.name}.`,
      field: 'model.experiment',
    });
  }
  if (earlier.model_name === undefined) {
    throw new RunError({
      message: `The experiment ${experimentDir} failed before it had a model, so it has no checkpoint to start from.`,
      hint: 'Pick an experiment that trained.',
      field: 'model.experiment',
    });
  }
  const model = findModel(framework.dir, framework.name, earlier.model_name);
  const sidecarPath = path.join(experimentDir, EXPERIMENT_FOLDERS.checkpoints, appState.model.checkpoint);
  const checkpoint: CheckpointSource = { kind: 'file', sidecarPath };
  const checkpointClasses = classesOfCheckpoint(checkpoint);
  return {
    ...common,
    model,
    checkpoint,
    baseCheckpoint: sidecarPath,
    ...(checkpointClasses ? { checkpointClasses } : {}),
  };
}
