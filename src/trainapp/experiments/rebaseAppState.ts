import path from 'node:path';
import { BUILTIN_FRAMEWORK, MODEL_SOURCES, SPLIT_METHODS } from '../../core/names';
import type { AppState } from '../../core/schemas';
import { posixRelative } from '../../data/paths';

// The paths in an app_state (framework folder, project, a custom model's experiment, collection files) are
// relative to the file's folder. Whoever moves or writes one elsewhere maps them all with mapAppStatePaths.

/** Every path field mapped by `move`; the built-in framework is a name, not a path. */
export function mapAppStatePaths(appState: AppState, move: (value: string) => string): AppState {
  const { model, train_val_split: split } = appState;
  return {
    ...appState,
    framework: appState.framework === BUILTIN_FRAMEWORK ? appState.framework : move(appState.framework),
    input: { project: move(appState.input.project) },
    model: model.source === MODEL_SOURCES.custom ? { ...model, experiment: move(model.experiment) } : model,
    train_val_split:
      split.method === SPLIT_METHODS.collections
        ? {
            ...split,
            train_collections: split.train_collections.map(move),
            val_collections: split.val_collections.map(move),
          }
        : split,
  };
}

/**
 * The experiment keeps its own app_state.json, so that "re-run", "resume" and the debugger start from the
 * run's exact settings. Its relative paths are rewritten to start from the experiment folder, where the
 * copy lives; absolute paths stay as they are.
 */
export function rebaseAppState(appState: AppState, fromDir: string, toDir: string): AppState {
  return mapAppStatePaths(appState, (value) =>
    path.isAbsolute(value) ? value : posixRelative(toDir, path.resolve(fromDir, value)),
  );
}
