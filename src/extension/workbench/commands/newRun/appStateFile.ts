import path from 'node:path';
import { BUILTIN_FRAMEWORK, MODEL_SOURCES } from '../../../../core/names';
import { AppState } from '../../../../core/schemas';
import { posixRelative } from '../../../../data/paths';
import type { NewRunChoices } from './steps';

// What New Training Run writes: an ordinary app_state file, its paths relative to its own folder, named
// app_state.json unless the folder has one already.

export const APP_STATE_FILE = 'app_state.json';

/** The run's settings for a file in `fileDir`, checked against the AppState schema, defaults filled in. */
export function newRunAppState(choices: NewRunChoices, fileDir: string): AppState {
  const { model, project } = choices;
  const everyClass = choices.classes.length === project.classes.length;
  const parsed = AppState.safeParse({
    framework: BUILTIN_FRAMEWORK,
    input: { project: posixRelative(fileDir, project.dir) },
    train_val_split: choices.split,
    // An empty list is every class, including classes added to the dataset later.
    classes: everyClass ? [] : choices.classes,
    model:
      model.source === 'pretrained'
        ? { source: MODEL_SOURCES.pretrained, model_name: model.name }
        : {
            source: MODEL_SOURCES.custom,
            experiment: posixRelative(fileDir, model.experimentDir),
            checkpoint: model.checkpoint,
          },
    hyperparameters: choices.hyperparameters.text,
    options: {},
    ...(choices.experimentName === '' ? {} : { experiment_name: choices.experimentName }),
  });
  if (parsed.success) return parsed.data;
  // Every step checked its own answer, so this is a bug of ours, not something the user can fix.
  const issue = parsed.error.issues[0];
  throw new Error(
    `New Training Run built an invalid app_state: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
  );
}

export interface NewRunFile {
  /** Absolute. */
  readonly file: string;
  /** The file is there already: overwrite it only when the user says so. */
  readonly exists: boolean;
}

/** `app_state.json`, or `<name>.app_state.json` when the folder has one already. */
export function newRunFile(dir: string, name: string, exists: (file: string) => boolean): NewRunFile {
  const plain = path.join(dir, APP_STATE_FILE);
  if (!exists(plain)) return { file: plain, exists: false };
  const named = path.join(dir, `${name.replace(/\s+/g, '-')}.${APP_STATE_FILE}`);
  return { file: named, exists: exists(named) };
}
