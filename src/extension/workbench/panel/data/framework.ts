import type { FrameworkView, ModelsView } from '../../../../core/panel';

// The Model and Options cards' facts: the framework's app_options.yaml and models.json, and the checkpoints
// of earlier experiments.

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
  throw new Error(`not built yet: ${framework} ${appStateDir} ${builtinFrameworkDir}`);
}

/** models.json's entries and display columns, and (when `showCustom`) every experiment's checkpoints. */
export function readModelsView(
  framework: string,
  appStateDir: string,
  builtinFrameworkDir: string,
  experimentsRoots: readonly string[],
  showCustom: boolean,
): ModelsView {
  throw new Error(
    `not built yet: ${framework} ${appStateDir} ${builtinFrameworkDir} ${String(experimentsRoots.length)} ${String(showCustom)}`,
  );
}
