import path from 'node:path';
import { EXPERIMENT_FOLDERS } from '../../../trainapp/experiments/layout';
import type { LaunchTarget } from './target';

// A `trainstudio` configuration becomes a `node` launch of the trainer CLI, debugged by VS Code's own
// JavaScript debugger (js-debug). A user's TypeScript start module is compiled at run time into the run's
// work folder (<experiments>/<project>/<run>/.work/) with an inline source map, so breakpoints set in the
// .ts file bind once that compiled file loads: js-debug pauses each new script that has a source map.

export interface NodeLaunchContext {
  /** The workspace folder: the trainer's working directory. */
  readonly folder: string;
  /** dist/cli.js of the extension. */
  readonly cliPath: string;
  /** The checked Node that runs the CLI (setting or PATH). */
  readonly nodeExecutable: string;
  /** Absolute: where new experiment folders go (the `trainStudio.experimentsFolder` setting). */
  readonly experimentsDir: string;
}

/** The js-debug attributes we set (its `node` launch type). */
export interface NodeLaunchConfiguration {
  readonly type: 'node';
  readonly request: 'launch';
  readonly name: string;
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly runtimeExecutable: string;
  readonly sourceMaps: true;
  readonly resolveSourceMapLocations: readonly string[];
  readonly outFiles: readonly string[];
  readonly runtimeSourcemapPausePatterns: readonly string[];
  readonly skipFiles: readonly string[];
  readonly console: 'internalConsole';
  readonly outputCapture: 'std';
  readonly killBehavior: 'polite';
  readonly stopOnEntry: boolean;
  /** Run Without Debugging (Ctrl+F5): VS Code sets it on the configuration it resolves. */
  readonly noDebug?: true;
}

export interface LaunchOptions {
  readonly stopOnEntry: boolean;
  readonly noDebug: boolean;
}

/** js-debug matches globs with forward slashes on every OS. */
const globPath = (folder: string) => folder.split(path.sep).join('/');

const NOT_NODE_MODULES = '!**/node_modules/**';

function trainerArgs(target: LaunchTarget, experimentsDir: string): string[] {
  return target.kind === 'train'
    ? ['train', '--app-state', target.appState, '--experiments', experimentsDir]
    : ['resume', target.experimentDir];
}

/** The `node` launch that runs the trainer on `target` under the debugger. */
export function nodeLaunchOf(
  name: string,
  target: LaunchTarget,
  context: NodeLaunchContext,
  options: LaunchOptions,
): NodeLaunchConfiguration {
  // `.work` is spelt out: js-debug matches the patterns below with globs whose `**` skips dot-folders.
  const workFolders =
    target.kind === 'train'
      ? `${globPath(context.experimentsDir)}/**/${EXPERIMENT_FOLDERS.work}/**`
      : `${globPath(target.experimentDir)}/${EXPERIMENT_FOLDERS.work}/**`;
  // A TypeScript or ES module compiles to <work folder>/…/<name>.cjs (trainapp/frameworks/compileModule.ts).
  const compiledModules = `${workFolders}/*.cjs`;
  return {
    type: 'node',
    request: 'launch',
    name,
    program: context.cliPath,
    args: trainerArgs(target, context.experimentsDir),
    cwd: context.folder,
    runtimeExecutable: context.nodeExecutable,
    sourceMaps: true,
    // The user's own compiled JavaScript (tsc output) anywhere in the folder, and the run's work folder,
    // which lies outside it when the experiments folder does (the `trainStudio.experimentsFolder` setting).
    resolveSourceMapLocations: [`${globPath(context.folder)}/**`, workFolders, NOT_NODE_MODULES],
    // Only the work folders: scanning the whole workspace for scripts would walk every dataset image.
    outFiles: [compiledModules, NOT_NODE_MODULES],
    // The compiled module does not exist when the run starts, so js-debug cannot read its source map ahead
    // of time from outFiles; and its pause for source maps (pauseForSourceMap) never fires for CommonJS
    // in Node (nodejs/node#31138). Without an entry breakpoint on the compiled file, a breakpoint in the .ts
    // file binds only if js-debug reads the map before that line runs: a race, lost on a busy machine.
    runtimeSourcemapPausePatterns: [compiledModules],
    skipFiles: ['<node_internals>/**'],
    // The trainer's log is on stderr: `std` shows it in the Debug Console beside the user's own output.
    console: 'internalConsole',
    outputCapture: 'std',
    // Stop sends SIGTERM, on which the trainer stops gracefully: it saves `last` and finalises the folder.
    killBehavior: 'polite',
    stopOnEntry: options.stopOnEntry,
    ...(options.noDebug ? { noDebug: true } : {}),
  };
}
