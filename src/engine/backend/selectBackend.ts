import * as tf from '@tensorflow/tfjs-core';
// A used binding rather than a bare import, which bundlers drop (the package declares its entry point free of
// side effects), while importing it is what registers the cpu backend.
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { TRAINING_BACKENDS, type TrainingBackend } from '../../core/events';
import { registerCoreGradients } from './coreGradients';
import { DeviceError, parseDevice, type DeviceRequest } from './device';
import { registerGradientKernels } from './kernels/registry';
import {
  CPU_BACKEND_PACKAGE,
  GPU_BACKEND_PACKAGE,
  GPU_MISSING_MESSAGE,
  loadNativePackage,
  type NativeLoad,
} from './nativePackages';
import { selfCheck } from './selfCheck';
import { describeWasm, loadWasmBackend } from './wasmRuntime';

export interface SkippedBackend {
  readonly backend: TrainingBackend;
  readonly reason: string;
}

export interface SelectedBackend {
  readonly backend: TrainingBackend;
  readonly skipped: readonly SkippedBackend[];
  /** One line for the log, e.g. "Training on wasm (SIMD, 1 thread): tensorflow-gpu skipped: ...; ..." */
  readonly summary: string;
}

export interface BackendRequest {
  readonly device?: string | null;
  /** Where to look for the optional native packages besides the engine's own node_modules. */
  readonly searchDirectories?: readonly string[];
  /** Restrict the chain (tests, benchmarks), keeping its order. */
  readonly only?: readonly TrainingBackend[];
}

/** The name both native runtimes register their tfjs backend under. */
const NATIVE_TF_BACKEND = 'tensorflow';

type Attempt =
  | { readonly usable: true; readonly tfBackend: string; readonly description: string }
  | { readonly usable: false; readonly reason: string };

const skip = (reason: string): Attempt => ({ usable: false, reason });

/** Each backend is tried once per process: loading, initialising and the self-check are not repeated. */
const attempts = new Map<TrainingBackend, Promise<Attempt>>();
/** Which native package owns the `tensorflow` backend; only one can be loaded into a process. */
let nativeOwner: typeof GPU_BACKEND_PACKAGE | typeof CPU_BACKEND_PACKAGE | undefined;
let loadedGpuIndex: number | undefined;

function isUsingGpu(): boolean {
  return (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
}

async function checked(tfBackend: string, description: string | (() => Promise<string>)): Promise<Attempt> {
  const failure = await selfCheck(tfBackend);
  if (failure) return skip(failure);
  return {
    usable: true,
    tfBackend,
    description: typeof description === 'string' ? description : await description(),
  };
}

function loadFailure(load: NativeLoad, packageName: string, absent: string): Attempt | undefined {
  if (load.status === 'absent') return skip(absent);
  if (load.status === 'failed') return skip(`${packageName} failed to load: ${load.reason}`);
  nativeOwner = packageName as typeof nativeOwner;
  return undefined;
}

async function tryTensorflowGpu(
  searchDirectories: readonly string[],
  index: number | undefined,
): Promise<Attempt> {
  // CUDA reads this when libtensorflow initialises, so it must be set before the package loads.
  if (index !== undefined) process.env.CUDA_VISIBLE_DEVICES = String(index);
  loadedGpuIndex = index;
  const load = loadNativePackage(GPU_BACKEND_PACKAGE, searchDirectories);
  const failure = loadFailure(load, GPU_BACKEND_PACKAGE, GPU_MISSING_MESSAGE);
  if (failure) return failure;
  if (!(await tf.setBackend(NATIVE_TF_BACKEND)))
    return skip(`the ${NATIVE_TF_BACKEND} backend failed to initialise`);
  if (!isUsingGpu()) {
    return skip(
      `libtensorflow found no usable GPU (${GPU_BACKEND_PACKAGE} 4.22 needs an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1)`,
    );
  }
  return checked(NATIVE_TF_BACKEND, `libtensorflow with CUDA${index === undefined ? '' : `, GPU ${index}`}`);
}

async function tryTensorflowCpu(searchDirectories: readonly string[]): Promise<Attempt> {
  if (nativeOwner === undefined) {
    const load = loadNativePackage(CPU_BACKEND_PACKAGE, searchDirectories);
    const failure = loadFailure(
      load,
      CPU_BACKEND_PACKAGE,
      `${CPU_BACKEND_PACKAGE} is not installed (optional: 'npm install ${CPU_BACKEND_PACKAGE}' in your workspace trains several times faster than wasm)`,
    );
    if (failure) return failure;
  }
  if (!(await tf.setBackend(NATIVE_TF_BACKEND)))
    return skip(`the ${NATIVE_TF_BACKEND} backend failed to initialise`);
  // The GPU package's libtensorflow also runs on the CPU when it finds no GPU; when it found one, it owns it.
  if (isUsingGpu())
    return skip(`the ${NATIVE_TF_BACKEND} backend in this process is ${GPU_BACKEND_PACKAGE}'s, on the GPU`);
  return checked(NATIVE_TF_BACKEND, `libtensorflow on the CPU, from ${nativeOwner ?? CPU_BACKEND_PACKAGE}`);
}

async function tryWasm(): Promise<Attempt> {
  const problem = await loadWasmBackend();
  if (problem) return skip(problem);
  registerGradientKernels('wasm');
  return checked('wasm', describeWasm);
}

function tryCpu(): Promise<Attempt> {
  registerGradientKernels('cpu');
  return checked('cpu', `pure JavaScript, tfjs-backend-cpu ${version_cpu}: slow, for tiny tests`);
}

function attempt(
  backend: TrainingBackend,
  device: DeviceRequest,
  searchDirectories: readonly string[],
): Promise<Attempt> {
  const gpuIndex = device.kind === 'gpu' ? device.index : undefined;
  const otherGpuLoaded =
    nativeOwner === GPU_BACKEND_PACKAGE && gpuIndex !== undefined && gpuIndex !== loadedGpuIndex;
  if (backend === TRAINING_BACKENDS.tensorflowGpu && otherGpuLoaded) {
    throw new DeviceError(
      `options.device is 'gpu:${gpuIndex}', but this process already loaded ${GPU_BACKEND_PACKAGE} for ` +
        `${loadedGpuIndex === undefined ? 'the default GPU' : `GPU ${loadedGpuIndex}`}; start a new trainer process to change GPUs.`,
    );
  }
  let pending = attempts.get(backend);
  if (!pending) {
    const tries: Record<TrainingBackend, () => Promise<Attempt>> = {
      [TRAINING_BACKENDS.tensorflowGpu]: () => tryTensorflowGpu(searchDirectories, gpuIndex),
      [TRAINING_BACKENDS.tensorflowCpu]: () => tryTensorflowCpu(searchDirectories),
      [TRAINING_BACKENDS.wasm]: tryWasm,
      [TRAINING_BACKENDS.cpu]: tryCpu,
    };
    pending = tries[backend]();
    attempts.set(backend, pending);
  }
  return pending;
}

function noGpuError(device: string, skipped: readonly SkippedBackend[]): DeviceError {
  const reason = skipped.find((entry) => entry.backend === TRAINING_BACKENDS.tensorflowGpu)?.reason;
  const requirements = 'an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1, on Linux or Windows x64';
  const problem =
    reason === GPU_MISSING_MESSAGE
      ? `${GPU_BACKEND_PACKAGE} is not installed: run 'npm install ${GPU_BACKEND_PACKAGE}' in your workspace (it needs ${requirements})`
      : `no GPU backend works here (${reason ?? 'tensorflow-gpu is not in the chain'}); ${GPU_BACKEND_PACKAGE} 4.22 needs ${requirements}`;
  return new DeviceError(
    `options.device is '${device}', but ${problem}. Or set options.device to null or 'cpu'.`,
  );
}

function summary(backend: TrainingBackend, description: string, skipped: readonly SkippedBackend[]): string {
  const reasons = skipped
    .map((entry) => `${entry.backend} skipped: ${entry.reason.replace(/\.$/, '')}`)
    .join('; ');
  return `Training on ${backend} (${description})${reasons ? `: ${reasons}` : ''}`;
}

/**
 * Picks the training backend: the first in the chain tensorflow-gpu, tensorflow, wasm, cpu that loads and
 * passes the self-check, and makes it tfjs's current backend. Cheap when called again in the same process.
 * Throws DeviceError for an unknown device, or for a GPU device without a working GPU backend.
 */
export async function selectBackend(request: BackendRequest = {}): Promise<SelectedBackend> {
  const device = parseDevice(request.device);
  // Production mode silences tfjs's own console advice (the cpu backend's "install tfjs-node" banner on
  // every run), which would contradict the backend report we give; it also skips debug-only checks.
  tf.enableProdMode();
  registerCoreGradients();
  const chain = Object.values(TRAINING_BACKENDS).filter(
    (backend) => !request.only || request.only.includes(backend),
  );
  const skipped: SkippedBackend[] = [];
  for (const backend of chain) {
    if (device.kind === 'cpu' && backend === TRAINING_BACKENDS.tensorflowGpu) {
      skipped.push({ backend, reason: 'device is cpu' });
      continue;
    }
    if (device.kind === 'gpu' && backend !== TRAINING_BACKENDS.tensorflowGpu) break;
    const result = await attempt(backend, device, request.searchDirectories ?? []);
    if (result.usable) {
      await tf.setBackend(result.tfBackend);
      return { backend, skipped, summary: summary(backend, result.description, skipped) };
    }
    skipped.push({ backend, reason: result.reason });
  }
  if (device.kind === 'gpu') throw noGpuError(request.device ?? 'gpu', skipped);
  throw new Error(
    `No training backend works here: ${skipped.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ')}`,
  );
}
