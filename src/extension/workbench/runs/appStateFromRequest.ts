import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { MODEL_SOURCES } from '../../../core/names';
import { AppState } from '../../../core/schemas';
import { writeFileAtomic } from '../../../data/atomicWrite';
import type { RunOptions } from '../api/types';
import { UserError } from '../userError';

// A run asked for by its fields (the API's RunOptions, a task's inline project/model/classes/
// hyperparameters) becomes an ordinary app_state.json, so that what it trained is a file like any other.

export type RunRequest = Omit<RunOptions, 'autostart'>;

/** The option names of RunOptions, for messages: the user wrote those, not app_state's. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  framework: 'framework',
  input: 'project',
  train_val_split: 'trainValSplit',
  classes: 'classes',
  model: 'model',
  hyperparameters: 'hyperparameters',
  experiment_name: 'experimentName',
};

const isYamlFile = (text: string) => /\.ya?ml$/i.test(text.trim()) && !text.includes('\n');

/** YAML text as given, a .yaml path read from disk, or values written as YAML. */
function hyperparametersText(value: RunRequest['hyperparameters'], baseDir: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return stringify(value);
  if (!isYamlFile(value)) return value;
  const file = path.resolve(baseDir, value);
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
export function appStateFromRequest(request: RunRequest, baseDir: string): AppState {
  const model =
    typeof request.model === 'string'
      ? { source: MODEL_SOURCES.pretrained, model_name: request.model }
      : {
          source: MODEL_SOURCES.custom,
          experiment: path.resolve(baseDir, request.model.experiment),
          checkpoint: request.model.checkpoint,
        };
  const candidate = {
    ...(request.framework === undefined ? {} : { framework: path.resolve(baseDir, request.framework) }),
    input: { project: path.resolve(baseDir, request.project) },
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
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = String(issue?.path[0] ?? '');
  const option = OPTION_OF_FIELD[field] ?? field;
  const where = issue && issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : '';
  throw new UserError(
    `The run option \`${option}\`${where} is not valid: ${issue?.message ?? 'unknown problem'}.`,
    'Fix that option and submit the run again.',
  );
}

/** Writes the request's app_state.json atomically and returns the file. */
export function writeRequestAppState(request: RunRequest, baseDir: string, file: string): string {
  const appState = appStateFromRequest(request, baseDir);
  writeFileAtomic(file, `${JSON.stringify(appState, null, 2)}\n`);
  return file;
}
