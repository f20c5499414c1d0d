import { createRequire } from 'node:module';
import path from 'node:path';

/** The accelerated tfjs runtime. Optional: its install script downloads libtensorflow, which fails offline. */
export const GPU_BACKEND_PACKAGE = '@tensorflow/tfjs-node-gpu';

export type GpuBackendStatus =
  { available: true; packagePath: string } | { available: false; message: string };

/**
 * Looks for the GPU runtime without loading it: loading links libtensorflow and CUDA, which is slow and is
 * the trainer's job, not a status check's. Searched from each directory in turn (the CLI's own folder, then
 * the user's workspace), so an `npm install` in either place is found.
 */
export function findGpuBackend(searchDirectories: readonly string[]): GpuBackendStatus {
  for (const directory of searchDirectories) {
    try {
      const packagePath = createRequire(path.join(directory, 'noop.js')).resolve(GPU_BACKEND_PACKAGE);
      return { available: true, packagePath };
    } catch {
      // Not installed below this directory; try the next one.
    }
  }
  return {
    available: false,
    message:
      `GPU training is off: ${GPU_BACKEND_PACKAGE} is not installed, so training runs on the CPU. ` +
      `To train on an NVIDIA GPU, run 'npm install ${GPU_BACKEND_PACKAGE}' in your workspace (it downloads libtensorflow).`,
  };
}
