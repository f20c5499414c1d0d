import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GpuEnvironmentReport } from '../../core/gpuEnvironment';

// What the NVIDIA driver says about this machine, through its own tool: nvidia-smi ships with the driver, so
// its absence means no NVIDIA driver (and, for our purposes, no usable NVIDIA GPU).

export type NvidiaSmiReport = GpuEnvironmentReport['nvidiaSmi'];
type Gpu = NvidiaSmiReport['gpus'][number];

/** One line per GPU: `NVIDIA H100 80GB HBM3, 81559, 535.104.05` (memory in MiB, as nounits gives it). */
export const GPU_QUERY_ARGS = [
  '--query-gpu=name,memory.total,driver_version',
  '--format=csv,noheader,nounits',
];

/** nvidia-smi can stall for seconds while the driver wakes the GPUs; past this it is reported as stuck. */
const NVIDIA_SMI_TIMEOUT_MS = 30_000;

export interface GpuQuery {
  readonly gpus: readonly Gpu[];
  readonly driverVersion?: string;
}

/**
 * Parses the CSV of GPU_QUERY_ARGS. Fields are split from the right, so a GPU name holding a comma stays
 * whole; a memory field nvidia-smi cannot fill (`[N/A]`, `[Not Supported]`) leaves memoryMiB out.
 */
export function parseGpuQuery(csv: string): GpuQuery {
  const gpus: Gpu[] = [];
  let driverVersion: string | undefined;
  for (const line of csv.split(/\r?\n/)) {
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < 3) continue;
    const driver = fields.pop() ?? '';
    const memory = Number.parseFloat(fields.pop() ?? '');
    const name = fields.join(', ');
    gpus.push(Number.isFinite(memory) ? { name, memoryMiB: memory } : { name });
    driverVersion ??= driver || undefined;
  }
  return driverVersion === undefined ? { gpus } : { gpus, driverVersion };
}

/** The newest CUDA the driver supports, from the banner of a plain `nvidia-smi`: `CUDA Version: 12.2`. */
export function parseCudaVersion(banner: string): string | undefined {
  return /CUDA Version\s*:\s*(\d+\.\d+)/.exec(banner)?.[1];
}

/** The first line of what nvidia-smi said about a failure, or of the error that kept it from running. */
function failureLine(error: unknown): string {
  const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message?: string };
  const said = `${stderr ?? ''}\n${stdout ?? ''}`.split('\n').find((line) => line.trim() !== '');
  return (said ?? message ?? String(error)).trim();
}

/** Runs nvidia-smi (or the command given, for tests) and reports the driver and its GPUs. */
export async function probeNvidiaSmi(command = 'nvidia-smi'): Promise<NvidiaSmiReport> {
  const run = (args: readonly string[]) =>
    promisify(execFile)(command, args, { timeout: NVIDIA_SMI_TIMEOUT_MS, windowsHide: true });
  let query: GpuQuery;
  try {
    query = parseGpuQuery((await run(GPU_QUERY_ARGS)).stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        found: false,
        gpus: [],
        detail: `${command} is not on PATH: no NVIDIA driver is installed, so no NVIDIA GPU can be used`,
      };
    }
    return { found: true, gpus: [], detail: `${command} failed: ${failureLine(error)}` };
  }
  const cudaVersion = parseCudaVersion(await run([]).then(({ stdout }) => stdout, failureLine));
  const { gpus, driverVersion } = query;
  const driver = [
    driverVersion === undefined ? undefined : `driver ${driverVersion}`,
    cudaVersion === undefined ? undefined : `supports CUDA ${cudaVersion}`,
  ].filter((part) => part !== undefined);
  return {
    found: true,
    ...(driverVersion === undefined ? {} : { driverVersion }),
    ...(cudaVersion === undefined ? {} : { cudaVersion }),
    gpus: [...gpus],
    detail:
      gpus.length === 0
        ? `${command} lists no GPU`
        : `${gpus.length} GPU${gpus.length === 1 ? '' : 's'}${driver.length > 0 ? `, ${driver.join(', ')}` : ''}`,
  };
}
