import path from 'node:path';
import type { z } from 'zod';
import { FRAMEWORK_MANIFEST_FILE, FrameworkManifest } from '../../core/schemas/framework';
import { isFile, isFolder, readJson } from '../../data/readers/files';
import { InvalidData } from '../../data/readers/invalidData';
import { RunError } from '../runError';
import type { Framework } from './contract';
import { createCommandFramework } from './externalFramework';
import { MODULE_EXTENSIONS, createModuleFramework } from './moduleFramework';

// A user's framework folder, from its framework.json: a module exporting start(ctx), or a command that
// speaks the event protocol. Everything that can be checked before the run starts is checked here, so that
// a wrong framework.json fails before any data is converted.

export interface LoadFrameworkOptions {
  /** How long a command framework has to exit after SIGTERM before SIGKILL; 5 s unless a test says. */
  readonly killGraceMs?: number;
}

const DEFAULT_KILL_GRACE_MS = 5000;

const MANIFEST_EXAMPLE =
  '{"name": "my-framework", "target_format": "coco", "start": {"module": "train.ts"}}, or with "start": {"command": ["python", "train.py"]}';

function readManifestJson(manifestPath: string, frameworkDir: string): unknown {
  if (!isFolder(frameworkDir)) {
    throw new RunError({
      message: `The framework folder ${frameworkDir} does not exist.`,
      hint: 'app_state.framework is `tfjs` or a framework folder, relative to the app_state file.',
      field: 'framework',
    });
  }
  if (!isFile(manifestPath)) {
    throw new RunError({
      message: `The framework folder ${frameworkDir} has no ${FRAMEWORK_MANIFEST_FILE} (looked for ${manifestPath}).`,
      hint: `Write one that says how to start the framework, such as ${MANIFEST_EXAMPLE}.`,
      file: manifestPath,
    });
  }
  try {
    return readJson(manifestPath);
  } catch (error) {
    if (!(error instanceof InvalidData)) throw error;
    const where = error.options.where === undefined ? '' : ` (${error.options.where})`;
    throw new RunError({
      message: `${manifestPath}: ${error.message}${where}`,
      hint: error.options.hint ?? `Fix the file; it looks like ${MANIFEST_EXAMPLE}.`,
      file: manifestPath,
    });
  }
}

type Issue = z.core.$ZodIssue;

/**
 * What to report. The only union is `start`: of its two forms, the one that came closest (fewer issues)
 * names the problem, when one did; zod's own "Invalid input" never reaches the user.
 */
function describeIssue(issue: Issue | undefined): { message: string; path: readonly PropertyKey[] } {
  if (!issue) return { message: 'is not a valid framework.json', path: [] };
  if (issue.code !== 'invalid_union') return { message: issue.message, path: issue.path };
  const [best, runnerUp] = [...issue.errors].sort((a, b) => a.length - b.length);
  const inner = best?.[0];
  if (!inner || runnerUp?.length === best.length) {
    return {
      message: 'must be {"module": "<file>"} or {"command": ["<program>", "<argument>", …]}',
      path: issue.path,
    };
  }
  return { message: inner.message, path: [...issue.path, ...inner.path] };
}

function parseManifest(value: unknown, manifestPath: string): FrameworkManifest {
  const parsed = FrameworkManifest.safeParse(value);
  if (parsed.success) return parsed.data;
  const { message, path: issuePath } = describeIssue(parsed.error.issues[0]);
  const field = issuePath.map(String).join('.');
  throw new RunError({
    message: `${manifestPath}: ${field === '' ? '' : `${field}: `}${message}`,
    hint: `A framework.json looks like ${MANIFEST_EXAMPLE}.`,
    file: manifestPath,
    ...(field === '' ? {} : { field }),
  });
}

function modulePathOf(manifestPath: string, module: string): string {
  const modulePath = path.resolve(path.dirname(manifestPath), module);
  const problem = !MODULE_EXTENSIONS.includes(path.extname(modulePath).toLowerCase())
    ? `${module} is not a JavaScript or TypeScript file (${MODULE_EXTENSIONS.join(', ')})`
    : !isFile(modulePath)
      ? `${modulePath} does not exist`
      : undefined;
  if (problem === undefined) return modulePath;
  throw new RunError({
    message: `${manifestPath}: start.module: ${problem}.`,
    hint: 'start.module names a module exporting start(ctx), relative to framework.json; a program in another language is started with "start": {"command": [...]}.',
    file: manifestPath,
    field: 'start.module',
  });
}

/** The framework a user's framework folder describes; throws RunError for a missing or wrong framework.json. */
export function loadFramework(frameworkDir: string, options: LoadFrameworkOptions = {}): Framework {
  const dir = path.resolve(frameworkDir);
  const manifestPath = path.join(dir, FRAMEWORK_MANIFEST_FILE);
  const manifest = parseManifest(readManifestJson(manifestPath, dir), manifestPath);
  const common = { name: manifest.name, targetFormat: manifest.target_format };
  if ('module' in manifest.start) {
    return createModuleFramework({
      ...common,
      modulePath: modulePathOf(manifestPath, manifest.start.module),
    });
  }
  return createCommandFramework({
    ...common,
    dir,
    // The schema requires the program.
    command: manifest.start.command as [string, ...string[]],
    manifestPath,
    killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
  });
}
