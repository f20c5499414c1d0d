import os from 'node:os';
import { TRAINING_BACKEND_VALUES, TRAINING_BACKENDS, type TrainingBackend } from '../../core/events';
import type { GpuEnvironmentReport } from '../../core/gpuEnvironment';
import { NATIVE_BACKENDS, probeBackendHere, type BackendProbe } from './backendProbe';
import { findCudaLibraries, librarySearchHere, TENSORFLOW_GPU_BUILD } from './cudaLibraries';
import { fixesFor, verdictOf } from './gpuFixes';
import { findGpuBackend, GPU_MISSING_MESSAGE } from './nativePackages';
import { probeNvidiaSmi } from './nvidiaSmi';

// `train-studio doctor`: everything that decides whether training can use an NVIDIA GPU here, gathered at
// once (the probes run side by side), with the verdict and the fix.

export interface GpuEnvironmentOptions {
  /** Where training looks for the native runtimes besides the engine's own node_modules. */
  readonly searchDirectories: readonly string[];
  /** Where the fixes tell the user to install the runtime. */
  readonly workspace: string;
  /** Runs a native backend's probe out of this process (probeInChild through the CLI). */
  readonly probeNative: (backend: TrainingBackend) => Promise<BackendProbe>;
}

function probeNative(backend: TrainingBackend, options: GpuEnvironmentOptions): Promise<BackendProbe> {
  // Not installed needs no process to find out, and reads as training would put it.
  if (backend === TRAINING_BACKENDS.tensorflowGpu && !findGpuBackend(options.searchDirectories).available) {
    return Promise.resolve({ name: backend, loads: false, detail: GPU_MISSING_MESSAGE });
  }
  return options.probeNative(backend);
}

/**
 * Every backend of the chain, in its order. The native probes run in their processes while the others run
 * here, one after the other: they share this process's tfjs.
 */
async function probeChain(options: GpuEnvironmentOptions): Promise<BackendProbe[]> {
  const probes = new Map<TrainingBackend, Promise<BackendProbe>>();
  let previous: Promise<unknown> = Promise.resolve();
  for (const backend of TRAINING_BACKEND_VALUES) {
    if (NATIVE_BACKENDS.includes(backend)) {
      probes.set(backend, probeNative(backend, options));
      continue;
    }
    const probe = previous.then(() => probeBackendHere(backend, options.searchDirectories));
    probes.set(backend, probe);
    previous = probe;
  }
  return Promise.all([...probes.values()]);
}

export async function checkGpuEnvironment(options: GpuEnvironmentOptions): Promise<GpuEnvironmentReport> {
  const platform = process.platform;
  const [backends, nvidiaSmi, libraries] = await Promise.all([
    probeChain(options),
    probeNvidiaSmi(),
    // TensorFlow's GPU build runs on Linux and Windows; the sonames and folders searched are Linux's.
    platform === 'linux' ? librarySearchHere().then(findCudaLibraries) : Promise.resolve([]),
  ]);
  const findings = {
    platform,
    backends,
    nvidiaSmi,
    libraries,
    gpuPackageInstalled: findGpuBackend(options.searchDirectories).available,
    workspace: options.workspace,
  };
  return {
    node: { version: process.version, platform, arch: process.arch, cpus: os.cpus().length },
    backends,
    nvidiaSmi,
    required: {
      tensorflow: TENSORFLOW_GPU_BUILD.tensorflow,
      cuda: TENSORFLOW_GPU_BUILD.cuda,
      cudnn: TENSORFLOW_GPU_BUILD.cudnn,
    },
    libraries: libraries.map(({ name, required, found, ok }) => ({ name, required, found: [...found], ok })),
    verdict: verdictOf(findings),
    fixes: fixesFor(findings),
  };
}
