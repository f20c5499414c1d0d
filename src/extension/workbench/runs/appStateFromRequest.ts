import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { MODEL_SOURCES } from '../../../core/names';
import { AppState } from '../../../core/schemas';
import { writeJsonAtomic } from '../../../data/atomicWrite';
import type { RunOptions } from '../api/types';
import { UserError } from '../userError';
import { mapAppStatePaths } from '../../../trainapp/experiments/rebaseAppState';

// A run asked for by its fields (the API's RunOptions, a task's inline project/model/classes/
// hyperparameters) becomes an ordinary app_state.json, so that what it trained is a file like any other.

export type RunRequest = Omit<RunOptions, 'autostart'>;

/**
 * app_state fields by the RunOptions names the user wrote, for messages; the longest matching prefix of an
 * issue's path wins.
 */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  framework: 'framework',
  'input.project': 'project',
  train_val_split: 'trainValSplit',
  classes: 'classes',
  model: 'model',
  hyperparameters: 'hyperparameters',
  experiment_name: 'experimentName',
  'options.model_benchmark.enable': 'enableBenchmark',
  'options.model_benchmark.speed_test': 'enableSpeedtest',
  'options.cache_project': 'cacheProject',
  'options.convert_class_shapes': 'convertClassShapes',
  'options.export.ONNXRuntime': 'exportOnnx',
  'options.export.TensorRT': 'exportTensorrt',
};

/** `trainValSplit.percent`, `classes[1]`: where in the request an issue is. */
function optionAt(issuePath: readonly PropertyKey[]): string {
  const keys = issuePath.map(String);
  for (let length = keys.length; length > 0; length--) {
    const option = OPTION_OF_FIELD[keys.slice(0, length).join('.')];
    if (option === undefined) continue;
    return issuePath
      .slice(length)
      .reduce<string>(
        (name, key) => (typeof key === 'number' ? `${name}[${String(key)}]` : `${name}.${String(key)}`),
        option,
      );
  }
  return keys.join('.');
}

const isYamlFile = (text: string) => /\.ya?ml$/i.test(text) && !text.includes('\n');

/** YAML text as given, a .yaml path read from disk, or values written as YAML. */
function hyperparametersText(value: RunRequest['hyperparameters'], baseDir: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return stringify(value);
  if (!isYamlFile(value.trim())) return value;
  const file = path.resolve(baseDir, value.trim());
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(
      `The hyperparameters file ${file} cannot be read.`,
      'Give the path of an existing .yaml file, relative to the workspace folder, or the YAML text itself.',
    );
  }
}

/** Paths become absolute, so the file works wherever it is written. */
const withAbsolutePaths = (appState: AppState, baseDir: string): AppState =>
  mapAppStatePaths(appState, (value) => path.resolve(baseDir, value));

export function appStateFromRequest(request: RunRequest, baseDir: string): AppState {
  const model =
    typeof request.model === 'string'
      ? { source: MODEL_SOURCES.pretrained, model_name: request.model }
      : {
          source: MODEL_SOURCES.custom,
          experiment: request.model.experiment,
          checkpoint: request.model.checkpoint,
        };
  const candidate = {
    ...(request.framework === undefined ? {} : { framework: request.framework }),
    input: { project: request.project },
    train_val_split: request.trainValSplit ?? { method: 'random' },
    classes: request.classes ?? [],
    model,
    hyperparameters: hyperparametersText(request.hyperparameters, baseDir),
    options: {
      model_benchmark: {
        ...(request.enableBenchmark === undefined ? {} : { enable: request.enableBenchmark }),
        ...(request.enableSpeedtest === undefined ? {} : { speed_test: request.enableSpeedtest }),
      },
      ...(request.cacheProject === undefined ? {} : { cache_project: request.cacheProject }),
      ...(request.convertClassShapes === undefined
        ? {}
        : { convert_class_shapes: request.convertClassShapes }),
      export: {
        ...(request.exportOnnx === undefined ? {} : { ONNXRuntime: request.exportOnnx }),
        ...(request.exportTensorrt === undefined ? {} : { TensorRT: request.exportTensorrt }),
      },
    },
    ...(request.experimentName === undefined ? {} : { experiment_name: request.experimentName }),
  };
  const parsed = AppState.safeParse(candidate);
  if (parsed.success) return withAbsolutePaths(parsed.data, baseDir);
  const [issue] = parsed.error.issues;
  throw new UserError(
    `The run option \`${optionAt(issue?.path ?? [])}\` is not valid: ${issue?.message ?? 'unknown problem'}.`,
    'Fix that option and submit the run again.',
  );
}

/** Writes the request's app_state.json atomically and returns the file. */
export function writeRequestAppState(request: RunRequest, baseDir: string, file: string): string {
  const appState = appStateFromRequest(request, baseDir);
  writeJsonAtomic(file, appState);
  return file;
}
