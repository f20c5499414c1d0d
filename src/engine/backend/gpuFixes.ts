import { TRAINING_BACKENDS } from '../../core/events';
import type { GpuEnvironmentReport } from '../../core/gpuEnvironment';
import { CUDA_LIBRARIES, TENSORFLOW_GPU_BUILD } from './cudaLibraries';
import type { LibraryFinding } from './cudaLibraries';
import type { BackendProbe } from './backendProbe';
import { GPU_BACKEND_PACKAGE } from './nativePackages';
import type { NvidiaSmiReport } from './nvidiaSmi';

// The verdict of `train-studio doctor` and the steps, in the order a user takes them, that make the GPU
// usable: driver, runtime package, CUDA libraries, loader path. Pure, so every branch is tested directly.

export type GpuVerdict = GpuEnvironmentReport['verdict'];

export interface GpuFindings {
  readonly platform: NodeJS.Platform;
  readonly backends: readonly BackendProbe[];
  readonly nvidiaSmi: NvidiaSmiReport;
  /** Empty where the libraries are not checked (other systems than Linux). */
  readonly libraries: readonly LibraryFinding[];
  /** Whether @tensorflow/tfjs-node-gpu is installed where training looks for it. */
  readonly gpuPackageInstalled: boolean;
  /** Where `npm install` puts the runtime so that training finds it: the workspace. */
  readonly workspace: string;
}

const DRIVER_DOWNLOAD = 'https://www.nvidia.com/Download/index.aspx';
const CUDA_DOWNLOAD = 'https://developer.nvidia.com/cuda-11-2-2-download-archive';
const CUDNN_DOWNLOAD = 'https://developer.nvidia.com/rdp/cudnn-archive';

const gpuBackendLoads = (findings: GpuFindings) =>
  findings.backends.some((probe) => probe.name === TRAINING_BACKENDS.tensorflowGpu && probe.loads);

/** gpu-ready when training would use the GPU; gpu-unavailable when the NVIDIA driver is there but it would not. */
export function verdictOf(findings: GpuFindings): GpuVerdict {
  if (gpuBackendLoads(findings)) return 'gpu-ready';
  return findings.nvidiaSmi.found ? 'gpu-unavailable' : 'no-gpu';
}

/** `11.2` < `12.0`, comparing major then minor as numbers. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number);
  return major !== minMajor ? major > minMajor : minor >= minMinor;
}

function driverSteps({ nvidiaSmi }: GpuFindings): string[] {
  if (nvidiaSmi.gpus.length === 0) {
    return [
      `The NVIDIA driver does not answer (${nvidiaSmi.detail}). Reinstall the driver for the running kernel ` +
        `(on Ubuntu: sudo ubuntu-drivers install; or ${DRIVER_DOWNLOAD}), reboot, and check that nvidia-smi lists the GPU.`,
    ];
  }
  const { cudaVersion } = nvidiaSmi;
  if (cudaVersion === undefined || versionAtLeast(cudaVersion, TENSORFLOW_GPU_BUILD.cuda)) return [];
  return [
    `Update the NVIDIA driver: it supports CUDA ${cudaVersion}, and TensorFlow ${TENSORFLOW_GPU_BUILD.tensorflow} ` +
      `needs CUDA ${TENSORFLOW_GPU_BUILD.cuda} or newer (driver 460 or newer; on Ubuntu: sudo ubuntu-drivers install; or ${DRIVER_DOWNLOAD}).`,
  ];
}

function packageSteps(findings: GpuFindings): string[] {
  if (findings.gpuPackageInstalled) return [];
  return [
    `Install the GPU runtime in your workspace (it downloads libtensorflow ${TENSORFLOW_GPU_BUILD.tensorflow} for ` +
      `CUDA ${TENSORFLOW_GPU_BUILD.cuda}): cd ${JSON.stringify(findings.workspace)} && npm install ${GPU_BACKEND_PACKAGE}@${TENSORFLOW_GPU_BUILD.packageVersion}`,
  ];
}

function otherVersions(finding: LibraryFinding): string[] {
  return finding.found.filter((file) => !file.endsWith(`/${finding.required}`));
}

function librarySteps({ libraries }: GpuFindings): string[] {
  const missing = libraries.filter((finding) => !finding.ok && finding.offLoaderPath.length === 0);
  const offPath = [...new Set(libraries.flatMap((finding) => finding.offLoaderPath))];
  const steps: string[] = [];
  if (missing.length > 0) {
    const names = new Set(missing.map((finding) => finding.name));
    const packages = [
      ...new Set(CUDA_LIBRARIES.filter((library) => names.has(library.name)).map((l) => l.aptPackage)),
    ];
    const elsewhere = missing.flatMap(otherVersions);
    steps.push(
      `Install the CUDA ${TENSORFLOW_GPU_BUILD.cuda} and cuDNN ${TENSORFLOW_GPU_BUILD.cudnn} libraries TensorFlow ` +
        `${TENSORFLOW_GPU_BUILD.tensorflow} loads (missing: ${missing.map((finding) => finding.required).join(', ')}` +
        `${elsewhere.length > 0 ? `; other versions found, which it cannot use: ${elsewhere.join(', ')}` : ''}). ` +
        `Add NVIDIA's CUDA apt repository (${CUDA_DOWNLOAD}, installer type "deb (network)"), then: ` +
        `sudo apt-get install ${packages.join(' ')}`,
      `Or, without apt: install CUDA ${TENSORFLOW_GPU_BUILD.cuda} from ${CUDA_DOWNLOAD} and cuDNN ` +
        `${TENSORFLOW_GPU_BUILD.cudnn} for CUDA ${TENSORFLOW_GPU_BUILD.cuda} from ${CUDNN_DOWNLOAD}; several CUDA versions can be installed side by side.`,
    );
  }
  if (offPath.length > 0) {
    steps.push(
      `Let the loader find the libraries in ${offPath.join(', ')}: export LD_LIBRARY_PATH=${offPath.join(':')}:$LD_LIBRARY_PATH ` +
        `in the shell that starts VS Code (or in ~/.profile), or register the folders for every program: ` +
        `echo ${offPath.join(' ')} | sudo tee /etc/ld.so.conf.d/cuda-${TENSORFLOW_GPU_BUILD.cuda}.conf && sudo ldconfig`,
    );
  }
  return steps;
}

function platformSteps(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    return [
      `Install CUDA ${TENSORFLOW_GPU_BUILD.cuda} (${CUDA_DOWNLOAD}) and cuDNN ${TENSORFLOW_GPU_BUILD.cudnn} ` +
        `(${CUDNN_DOWNLOAD}) and add their bin folders to PATH (this check looks for the libraries on Linux only).`,
    ];
  }
  return [];
}

/** The steps that make the GPU usable, in order; empty when it already is. */
export function fixesFor(findings: GpuFindings): string[] {
  const verdict = verdictOf(findings);
  if (verdict === 'gpu-ready') return [];
  if (findings.platform === 'darwin') {
    return [
      `macOS has no CUDA: TensorFlow's GPU runtime needs an NVIDIA GPU on Linux or Windows x64. Training here runs on the CPU.`,
    ];
  }
  if (verdict === 'no-gpu') {
    return [
      `No NVIDIA GPU was found (${findings.nvidiaSmi.detail}). If this machine has one, install its driver ` +
        `(on Ubuntu: sudo ubuntu-drivers install; or ${DRIVER_DOWNLOAD}), reboot, and run this check again.`,
    ];
  }
  const steps = [
    ...driverSteps(findings),
    ...packageSteps(findings),
    ...librarySteps(findings),
    ...platformSteps(findings.platform),
  ];
  if (steps.length > 0) return steps;
  const gpu = findings.backends.find((probe) => probe.name === TRAINING_BACKENDS.tensorflowGpu);
  return [
    `The driver, the GPU runtime and the CUDA libraries are all in place, yet the GPU backend does not work: ` +
      `${gpu?.detail ?? 'it was not probed'}. Reinstall the runtime (cd ${JSON.stringify(findings.workspace)} && ` +
      `npm rebuild ${GPU_BACKEND_PACKAGE}) and run this check again.`,
  ];
}
