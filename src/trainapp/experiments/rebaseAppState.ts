import path from 'node:path';
import { BUILTIN_FRAMEWORK, MODEL_SOURCES, SPLIT_METHODS } from '../../core/names';
import type { AppState } from '../../core/schemas';

// The experiment keeps its own app_state.json, so that "re-run", "resume" and the debugger start from the
// run's exact settings. Its relative paths are rewritten to start from the experiment folder, where the copy
// lives; absolute paths stay as they are.

const rebase = (value: string, fromDir: string, toDir: string): string => {
  if (path.isAbsolute(value)) return value;
  const relative = path.relative(toDir, path.resolve(fromDir, value));
  return relative.split(path.sep).join('/') || '.';
};

export function rebaseAppState(appState: AppState, fromDir: string, toDir: string): AppState {
  const move = (value: string) => rebase(value, fromDir, toDir);
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
