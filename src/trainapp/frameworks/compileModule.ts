import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { BuildFailure, Message } from 'esbuild';
import { RunError } from '../runError';

// A user's TypeScript or ES module, compiled into one CommonJS file that Node can require. The inline
// source map carries the original text, so a debugger attached with --inspect binds breakpoints set in the
// user's own .ts file, and stack traces (with source maps enabled) name its lines.

export interface CompiledModule {
  /** The compiled file, in the run's work folder. */
  readonly file: string;
  /** esbuild's warnings, as `file:line:column: text`. */
  readonly warnings: readonly string[];
}

/** Where a message points, as editors count: 1-based line and column (esbuild counts columns in bytes). */
function located(message: Message, baseDir: string): string {
  const { location } = message;
  if (!location) return message.text;
  const column = Buffer.from(location.lineText).subarray(0, location.column).toString().length + 1;
  const file = path.resolve(baseDir, location.file);
  return `${file}:${String(location.line)}:${String(column)}: ${message.text}`;
}

const isBuildFailure = (error: unknown): error is BuildFailure =>
  error instanceof Error && 'errors' in error && Array.isArray(error.errors);

/**
 * The bundle lives in the work folder, but a package the module imports is installed beside the module:
 * its `require` resolves from the module's own folder, as it would have without compiling.
 */
const requireFromSourceFolder = (entry: string) =>
  `require = require('node:module').createRequire(${JSON.stringify(entry)});`;

export async function compileModule(modulePath: string, outDir: string): Promise<CompiledModule> {
  // esbuild names files by their real path, in the source map and in its messages: so does everything else.
  const entry = fs.realpathSync(modulePath);
  const baseDir = path.dirname(entry);
  const file = path.join(outDir, `${path.parse(entry).name}.cjs`);
  try {
    const result = await build({
      entryPoints: [entry],
      outfile: file,
      absWorkingDir: baseDir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      sourcesContent: true,
      banner: { js: requireFromSourceFolder(entry) },
      logLevel: 'silent',
    });
    return { file, warnings: result.warnings.map((warning) => located(warning, baseDir)) };
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    const [first] = error.errors;
    const more = error.errors.length > 1 ? ` (and ${String(error.errors.length - 1)} more)` : '';
    throw new RunError(
      {
        message: `Cannot compile ${entry}: ${first ? located(first, baseDir) : error.message}${more}`,
        hint: 'Fix the module and start the run again. Train Studio compiles it with esbuild, which does not check types: run `tsc --noEmit` for those.',
        file: first?.location ? path.resolve(baseDir, first.location.file) : entry,
      },
      { cause: error },
    );
  }
}
