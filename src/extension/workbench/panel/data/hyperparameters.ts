import type { TextDiagnostic } from '../../../../core/panel';

/**
 * The same findings the editor shows for a hyperparameters.yaml with this text (the framework's
 * hyperparameter schema included), as 0-based ranges.
 */
export function diagnoseHyperparameters(
  text: string,
  framework: string,
  appStateDir: string,
  builtinFrameworkDir: string,
): TextDiagnostic[] {
  throw new Error(`not built yet: ${String(text.length)} ${framework} ${appStateDir} ${builtinFrameworkDir}`);
}
