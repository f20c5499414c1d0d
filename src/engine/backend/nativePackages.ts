import { createRequire } from 'node:module';
import path from 'node:path';

// The native TensorFlow runtimes are optional: their install scripts download libtensorflow, which fails
// offline, so neither is bundled. They are looked up at run time in the engine's own node_modules, then in
// the user's workspace, so that an `npm install` in either place is found.

/** The CUDA runtime (listed in optionalDependencies). */
export const GPU_BACKEND_PACKAGE = '@tensorflow/tfjs-node-gpu';
/** The CPU runtime (not declared at all: a user installs it to train several times faster than wasm). */
export const CPU_BACKEND_PACKAGE = '@tensorflow/tfjs-node';

export type GpuBackendStatus =
  { available: true; packagePath: string } | { available: false; message: string };

export const GPU_MISSING_MESSAGE =
  `GPU training is off: ${GPU_BACKEND_PACKAGE} is not installed, so training runs on the CPU. ` +
  `To train on an NVIDIA GPU, run 'npm install ${GPU_BACKEND_PACKAGE}' in your workspace (it downloads libtensorflow).`;

/** The engine's own folder first: a require from here sees every node_modules above it. */
function searchOrder(searchDirectories: readonly string[]): string[] {
  return [__dirname, ...searchDirectories];
}

/** Where a package's entry point is, from the first directory that has it installed. */
function findPackage(packageName: string, searchDirectories: readonly string[]): string | undefined {
  for (const directory of searchOrder(searchDirectories)) {
    try {
      return createRequire(path.join(directory, 'noop.js')).resolve(packageName);
    } catch {
      // Not installed below this directory; try the next one.
    }
  }
  return undefined;
}

/**
 * Looks for the GPU runtime without loading it: loading links libtensorflow and CUDA, which is slow and is
 * the trainer's job, not a status check's.
 */
export function findGpuBackend(searchDirectories: readonly string[]): GpuBackendStatus {
  const packagePath = findPackage(GPU_BACKEND_PACKAGE, searchDirectories);
  return packagePath ? { available: true, packagePath } : { available: false, message: GPU_MISSING_MESSAGE };
}

export type NativeLoad =
  | { readonly status: 'loaded' }
  | { readonly status: 'absent' }
  /** Installed, but it would not load (libtensorflow or CUDA missing): the first line of the error. */
  | { readonly status: 'failed'; readonly reason: string };

/** Loads a native runtime, which registers the `tensorflow` tfjs backend as a side effect. */
export function loadNativePackage(packageName: string, searchDirectories: readonly string[]): NativeLoad {
  const entry = findPackage(packageName, searchDirectories);
  if (!entry) return { status: 'absent' };
  try {
    createRequire(entry)(entry);
    return { status: 'loaded' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', reason: message.split('\n')[0] ?? message };
  }
}
