import os from 'node:os';
import { findGpuBackend } from '../../engine/backend/nativePackages';
import type { CliContext } from '../context';

/** Prints what this machine offers for training, so a user can see why a run is (not) on the GPU. */
export function doctor(context: CliContext): number {
  const gpu = findGpuBackend([context.packageRoot, context.cwd]);
  context.out(`train-studio ${context.version}`);
  context.out(
    `node         ${process.version} (${process.platform}-${process.arch}, ${os.cpus().length} cores)`,
  );
  context.out(`gpu backend  ${gpu.available ? `found at ${gpu.packagePath}` : 'not installed'}`);
  if (!gpu.available) context.out(gpu.message);
  return 0;
}
