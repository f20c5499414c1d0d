import path from 'node:path';
import { BUILTIN_FRAMEWORK } from '../../core/names';

/** Where the files of the framework an app_state names live. */
export interface FrameworkFolder {
  readonly name: string;
  /** Absent while the built-in framework ships no files of its own to check against. */
  readonly dir?: string;
}

/**
 * `framework` is the built-in name or a folder relative to the app_state file. The built-in framework's
 * folder is passed in because only the caller (CLI or extension) knows where the package is installed.
 */
export function resolveFrameworkFolder(
  framework: string,
  appStateDir: string,
  builtinFrameworkDir: string | undefined,
): FrameworkFolder {
  if (framework === BUILTIN_FRAMEWORK) return { name: framework, dir: builtinFrameworkDir };
  return { name: path.basename(framework), dir: path.resolve(appStateDir, framework) };
}

/** The built-in framework's models.json and defaults ship in the package, under frameworks/<name>/. */
export function builtinFrameworkDir(packageRoot: string): string {
  return path.join(packageRoot, 'frameworks', BUILTIN_FRAMEWORK);
}
