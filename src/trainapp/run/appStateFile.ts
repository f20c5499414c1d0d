import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_KINDS } from '../../core/names';
import { AppState } from '../../core/schemas';
import { checkConfigFile } from '../configFiles';
import { RunError } from '../runError';

// A run starts from an app_state.json on disk. It is checked exactly as the editor and `train-studio
// validate` check it, so that a file the editor shows clean never fails here, and the reverse.

export interface AppStateFile {
  /** Absolute. */
  readonly path: string;
  /** The folder its relative paths start from. */
  readonly dir: string;
  /** The text as the user wrote it: copied into the experiment folder unchanged. */
  readonly text: string;
  /** Parsed, with every default filled in. */
  readonly appState: AppState;
}

export function readAppStateFile(appStatePath: string, builtinFrameworkDir: string): AppStateFile {
  const absolute = path.resolve(appStatePath);
  const check = checkConfigFile(absolute, { kind: CONFIG_KINDS.appState, builtinFrameworkDir });
  const errors = check.findings.filter((finding) => finding.severity === 'error');
  const [first] = errors;
  if (first) {
    const { line, character } = first.range.start;
    const more = errors.length > 1 ? ` (and ${String(errors.length - 1)} more problem(s))` : '';
    throw new RunError({
      message: `${absolute}:${String(line + 1)}:${String(character + 1)}: ${first.message}${more}`,
      hint: `Fix the app_state file; \`train-studio validate ${absolute}\` lists every problem, and the editor underlines them.`,
      file: absolute,
    });
  }
  const text = fs.readFileSync(absolute, 'utf8');
  // The checks above parsed the same text, so this cannot fail unless the file changed in between.
  const appState = AppState.parse(JSON.parse(text));
  return { path: absolute, dir: path.dirname(absolute), text, appState };
}
