import path from 'node:path';
import { resolveEmbeddedOwner } from '../../../../core/config/hyperparametersOwner';
import { CONFIG_KINDS } from '../../../../core/names';
import type { TextDiagnostic } from '../../../../core/panel';
import { checkConfigText } from '../../../../trainapp/configFiles';

// The panel edits app_state's hyperparameters text; it gets the findings the editor gives that text, from
// the same check, with the same rule for whose hyperparameters they are.

/** Where the text would live, for findings that name their file: the app_state's folder. */
const VIRTUAL_FILE = 'hyperparameters.yaml';

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
  const { findings } = checkConfigText(path.join(appStateDir, VIRTUAL_FILE), text, {
    kind: CONFIG_KINDS.hyperparameters,
    // Whose keys these are, decided as for app_state's embedded text: a directive, else the framework.
    hyperparameters: resolveEmbeddedOwner(text, framework),
    builtinFrameworkDir,
  });
  // The panel lists problems; the editor's notes (such as "not checked: another framework's key") would
  // bury them, and TextDiagnostic has no level for them.
  return findings.flatMap(({ range, severity, message }) =>
    severity === 'information'
      ? []
      : [
          {
            line: range.start.line,
            column: range.start.character,
            endLine: range.end.line,
            endColumn: range.end.character,
            severity,
            message,
          },
        ],
  );
}
