import { execFile } from 'node:child_process';
import { TRAINING_BACKENDS, type TrainingBackend } from '../../core/events';
import { GpuEnvironmentReport } from '../../core/gpuEnvironment';
import { selectBackend } from './selectBackend';

// Whether each backend of the training chain works here, found out the way training does it: selectBackend,
// with its loading, initialisation and self-check. A native runtime is tried in a process of its own (see
// probeInChild): loading libtensorflow links CUDA, which can crash or hang the process that does it.

export type BackendProbe = GpuEnvironmentReport['backends'][number];
const BackendProbe = GpuEnvironmentReport.shape.backends.element;

/**
 * What selectBackend tries for each probe. cpu, which always works, ends each chain, so a failure comes back
 * as the backend's skip reason rather than as a thrown summary of every reason.
 */
const PROBE_CHAINS: Readonly<Record<TrainingBackend, readonly TrainingBackend[]>> = {
  [TRAINING_BACKENDS.tensorflowGpu]: [TRAINING_BACKENDS.tensorflowGpu, TRAINING_BACKENDS.cpu],
  // As training reaches it when no GPU is used: the GPU runtime, when installed, provides this backend too.
  [TRAINING_BACKENDS.tensorflowCpu]: [
    TRAINING_BACKENDS.tensorflowGpu,
    TRAINING_BACKENDS.tensorflowCpu,
    TRAINING_BACKENDS.cpu,
  ],
  [TRAINING_BACKENDS.wasm]: [TRAINING_BACKENDS.wasm, TRAINING_BACKENDS.cpu],
  [TRAINING_BACKENDS.cpu]: [TRAINING_BACKENDS.cpu],
};

/** The backends that load libtensorflow, probed in a child process each. */
export const NATIVE_BACKENDS: readonly TrainingBackend[] = [
  TRAINING_BACKENDS.tensorflowGpu,
  TRAINING_BACKENDS.tensorflowCpu,
];

/**
 * The environment of a probe process: training's own, so that a CUDA_VISIBLE_DEVICES the user set counts;
 * the tensorflow probe hides the GPUs, as training on the CPU would.
 */
export function probeEnvironment(backend: TrainingBackend, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return backend === TRAINING_BACKENDS.tensorflowCpu ? { ...env, CUDA_VISIBLE_DEVICES: '-1' } : env;
}

/** `SIMD, 1 thread` out of selectBackend's `Training on wasm (SIMD, 1 thread): ...`. */
function descriptionOf(summary: string): string {
  return /^Training on \S+ \((.*?)\)(?:: |$)/.exec(summary)?.[1] ?? summary;
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** Tries one backend in this process. Run it in a child process for a native backend. */
export async function probeBackendHere(
  backend: TrainingBackend,
  searchDirectories: readonly string[],
): Promise<BackendProbe> {
  try {
    const selected = await selectBackend({ only: PROBE_CHAINS[backend], searchDirectories });
    if (selected.backend === backend) {
      return { name: backend, loads: true, detail: descriptionOf(selected.summary) };
    }
    const reason = selected.skipped.find((skipped) => skipped.backend === backend)?.reason;
    return { name: backend, loads: false, detail: reason ?? `not tried: ${selected.summary}` };
  } catch (error) {
    return { name: backend, loads: false, detail: firstLine(error) };
  }
}

export interface ProbeProcess {
  /** Arguments for node: a script that runs probeBackendHere and prints its result as one JSON line. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Loading libtensorflow and initialising CUDA can take a minute on a cold machine; longer is a hang. */
const PROBE_TIMEOUT_MS = 180_000;

/** The line a failed probe process left that says most: the last one naming an error, else the last one. */
function lastWords(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return [...lines].reverse().find((line) => /error|abort|fault/i.test(line)) ?? lines.at(-1) ?? 'no output';
}

function resultLine(stdout: string): BackendProbe | undefined {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = BackendProbe.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a probe in a child process, so that a native addon that crashes, aborts or hangs takes down the
 * child, not the caller; that outcome is the backend's detail.
 */
export function probeInChild(
  backend: TrainingBackend,
  launch: ProbeProcess,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<BackendProbe> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...launch.args],
      {
        cwd: launch.cwd,
        env: launch.env,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const result = resultLine(stdout);
        if (result?.name === backend) {
          resolve(result);
          return;
        }
        const failed = error as
          (Error & { killed?: boolean; signal?: string | null; code?: number | string }) | null;
        const detail =
          failed?.killed && failed.signal === 'SIGKILL'
            ? `the probe process did not finish within ${Math.round(timeoutMs / 1000)} s (libtensorflow or the GPU driver hangs)`
            : failed?.signal
              ? `loading it crashed the probe process (${failed.signal}): ${lastWords(stderr)}`
              : `the probe process ended without a result (exit code ${String(failed?.code ?? 0)}): ${lastWords(stderr)}`;
        resolve({ name: backend, loads: false, detail });
      },
    );
  });
}
