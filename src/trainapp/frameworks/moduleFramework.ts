import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TargetFormat } from '../../core/schemas/framework';
import { isFile } from '../../data/readers/files';
import { RunError } from '../runError';
import { compileModule } from './compileModule';
import type { ExportContext, Framework, FrameworkContext } from './contract';
import { messageOf } from './failures';

// A framework that trains inside the trainer process: a user's module exporting start(ctx), and optionally
// exportOnnx(ctx) and exportTensorRT(ctx) (the seed's `@train.export_onnx`). CommonJS is required where it
// is; TypeScript and ES modules are compiled first (see compileModule.ts), into the run's work folder
// because the framework folder is the user's. Every Node version then loads them alike.

/** The module kinds a framework.json `start.module` may name. */
export const MODULE_EXTENSIONS: readonly string[] = ['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts'];

/** The folder under the work folder that compiled modules go to. */
const COMPILED_FOLDER = 'module';

const START_HINT = 'The stack trace is in logs/train.log. Fix the framework’s code and start the run again.';
const EXPORT_HINT = 'The stack trace is in logs/train.log. Fix the framework’s code and export again.';

/** The function a module exports for each format `Framework.exportModel` takes. */
export const EXPORT_FUNCTION_NAMES = { onnx: 'exportOnnx', tensorrt: 'exportTensorRT' } as const;

export interface ModuleFrameworkSpec {
  readonly name: string;
  readonly targetFormat: TargetFormat;
  /** Absolute. */
  readonly modulePath: string;
}

type StartFunction = (context: FrameworkContext) => unknown;
type ExportFunction = (context: ExportContext) => unknown;

const requireFile = (file: string): unknown => createRequire(file)(file);

/** Node's rule: a .js file is an ES module when the nearest package.json says `"type": "module"`. */
function isEsModuleJs(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false; // Node's own error, when it requires the file, says what is wrong with it.
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** CommonJS is required where it is, so that breakpoints bind to it without a source map. */
function isCommonJs(file: string): boolean {
  const extension = path.extname(file).toLowerCase();
  return extension === '.cjs' || (extension === '.js' && !isEsModuleJs(file));
}

/** Node puts a syntax error's `file:line` only in the first line of its stack. */
function syntaxErrorPlace(error: unknown): string {
  if (!(error instanceof SyntaxError)) return '';
  const place = /^(.+:\d+)$/mu.exec(error.stack ?? '')?.[1];
  return place === undefined ? '' : ` (at ${place})`;
}

function loadFailed(spec: ModuleFrameworkSpec, error: unknown, hint: string) {
  return new RunError(
    {
      message: `${spec.name}: loading ${spec.modulePath} failed: ${messageOf(error)}${syntaxErrorPlace(error)}`,
      hint,
      file: spec.modulePath,
    },
    { cause: error },
  );
}

interface LoadOptions {
  /** Where a module that must be compiled is compiled to. */
  readonly workDir: string;
  readonly log: (message: string, level?: 'info' | 'warning' | 'error') => void;
  /** What to do when the module cannot be loaded. */
  readonly hint: string;
}

async function loadModule(spec: ModuleFrameworkSpec, { workDir, log, hint }: LoadOptions): Promise<unknown> {
  if (isCommonJs(spec.modulePath)) {
    try {
      return requireFile(spec.modulePath);
    } catch (error) {
      throw loadFailed(spec, error, hint);
    }
  }
  const compiled = await compileModule(spec.modulePath, path.join(workDir, COMPILED_FOLDER));
  for (const warning of compiled.warnings) log(`esbuild: ${warning}`, 'warning');
  // Stack traces written to train.log then name lines of the user's source, not of the compiled copy.
  process.setSourceMapsEnabled(true);
  try {
    return requireFile(compiled.file);
  } catch (error) {
    throw loadFailed(spec, error, hint);
  }
}

const property = (value: unknown, key: string): unknown =>
  (typeof value === 'object' || typeof value === 'function') && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;

/** `export function start`, `export default { start }`, `export default function`, `module.exports = fn`. */
function startOf(moduleExports: unknown): StartFunction | undefined {
  const candidates = [
    property(moduleExports, 'start'),
    property(property(moduleExports, 'default'), 'start'),
    property(moduleExports, 'default'),
    moduleExports,
  ];
  return candidates.find((candidate): candidate is StartFunction => typeof candidate === 'function');
}

/** `export function exportOnnx`, or `export default { exportOnnx }`. */
function exportFunctionOf(moduleExports: unknown, name: string): ExportFunction | undefined {
  const candidates = [property(moduleExports, name), property(property(moduleExports, 'default'), name)];
  return candidates.find((candidate): candidate is ExportFunction => typeof candidate === 'function');
}

function describeReturned(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  return typeof value === 'string' ? 'an empty string' : `a ${typeof value}`;
}

/** Calls the module's export function for `format`; undefined when the module has none. */
async function exportWith(
  spec: ModuleFrameworkSpec,
  format: keyof typeof EXPORT_FUNCTION_NAMES,
  context: ExportContext,
): Promise<string | undefined> {
  const name = EXPORT_FUNCTION_NAMES[format];
  const moduleExports = await loadModule(spec, {
    workDir: context.workDir,
    log: (message, level) => {
      context.log(message, level);
    },
    hint: EXPORT_HINT,
  });
  const exportFunction = exportFunctionOf(moduleExports, name);
  if (!exportFunction) return undefined;
  let returned: unknown;
  try {
    returned = await exportFunction(context);
  } catch (error) {
    throw new RunError(
      {
        message: `${spec.name} ${name}() failed: ${messageOf(error)}`,
        hint: EXPORT_HINT,
        file: spec.modulePath,
      },
      { cause: error },
    );
  }
  if (typeof returned === 'string' && returned !== '') return returned;
  throw new RunError({
    message: `${spec.name} ${name}() returned ${describeReturned(returned)} instead of the path of the file it wrote.`,
    hint: `Write the file into ctx.outputDir and return its path: \`return path.join(ctx.outputDir, 'model${format === 'onnx' ? '.onnx' : '.engine'}')\`.`,
    file: spec.modulePath,
  });
}

function noStart(spec: ModuleFrameworkSpec, moduleExports: unknown) {
  const names =
    (typeof moduleExports === 'object' || typeof moduleExports === 'function') && moduleExports !== null
      ? Object.keys(moduleExports)
      : [];
  const has = names.length === 0 ? 'it exports nothing' : `it exports: ${names.join(', ')}`;
  return new RunError({
    message: `${spec.modulePath} does not export a start function (${has}).`,
    hint: 'Export the training function: `export async function start(ctx) { … }`, or `module.exports = { start }` in CommonJS.',
    file: spec.modulePath,
  });
}

export function createModuleFramework(spec: ModuleFrameworkSpec): Framework {
  return {
    name: spec.name,
    targetFormat: spec.targetFormat,
    async start(context) {
      const moduleExports = await loadModule(spec, {
        workDir: context.paths.workDir,
        log: (message, level) => {
          context.logger.log(message, level);
        },
        hint: START_HINT,
      });
      const start = startOf(moduleExports);
      if (!start) throw noStart(spec, moduleExports);
      try {
        return await start(context);
      } catch (error) {
        throw new RunError(
          {
            message: `${spec.name} start() failed: ${messageOf(error)}`,
            hint: START_HINT,
            file: spec.modulePath,
          },
          { cause: error },
        );
      }
    },
    exportModel: (format, context) => exportWith(spec, format, context),
  };
}
