import { GpuEnvironmentReport } from '../../../core/gpuEnvironment';
import { UserError } from '../userError';

// Check GPU Environment: `train-studio doctor --json` is parsed against its schema (an answer of another
// shape is reported, never trusted), then told as a full report for the output and a one-line verdict.

const BAD_ANSWER_HINT =
  'The extension and its trainer (dist/cli.js) may be from different versions: reinstall Train Studio. The output has the answer it gave.';

export function parseGpuReport(stdout: string): GpuEnvironmentReport {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new UserError('`train-studio doctor --json` did not print JSON.', BAD_ANSWER_HINT);
  }
  const parsed = GpuEnvironmentReport.safeParse(json);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'the report';
  throw new UserError(
    `\`train-studio doctor --json\` gave a report this extension does not understand: ${field}: ${issue?.message ?? 'invalid'}.`,
    BAD_ANSWER_HINT,
  );
}

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

/** One sentence: what training will run on, and why not the GPU when it will not. */
export function gpuVerdict(report: GpuEnvironmentReport): string {
  switch (report.verdict) {
    case 'gpu-ready': {
      const gpu = report.nvidiaSmi.gpus[0]?.name;
      return `Training uses the GPU${gpu ? ` (${gpu})` : ''}.`;
    }
    case 'gpu-unavailable':
      return 'A GPU is present, but training cannot use it and runs on the CPU.';
    case 'no-gpu':
      return 'No NVIDIA GPU was found: training runs on the CPU.';
  }
}

function nvidiaLines(smi: GpuEnvironmentReport['nvidiaSmi']): string[] {
  if (!smi.found) return [`nvidia-smi   not found: ${smi.detail}`];
  const driver = [
    smi.driverVersion === undefined ? undefined : `driver ${smi.driverVersion}`,
    smi.cudaVersion === undefined ? undefined : `supports CUDA up to ${smi.cudaVersion}`,
  ].filter((part) => part !== undefined);
  return [
    `nvidia-smi   ${driver.length > 0 ? driver.join(', ') : 'found'}${smi.detail ? ` (${smi.detail})` : ''}`,
    ...smi.gpus.map(
      (gpu, index) =>
        `  GPU ${String(index)}: ${gpu.name}${gpu.memoryMiB === undefined ? '' : `, ${String(gpu.memoryMiB)} MiB`}`,
    ),
  ];
}

/** The whole report, for the output channel. */
export function formatGpuReport(report: GpuEnvironmentReport): string[] {
  const { node, required } = report;
  const width = Math.max(0, ...report.backends.map((backend) => backend.name.length));
  return [
    'GPU environment (train-studio doctor)',
    `Node         ${node.version} (${node.platform}-${node.arch}, ${String(node.cpus)} CPUs)`,
    'tfjs backends, in the order training tries them:',
    ...report.backends.map(
      (backend) =>
        `  ${mark(backend.loads)} ${backend.name.padEnd(width)}  ${backend.loads ? 'loads' : 'does not load'}${backend.detail ? `: ${backend.detail}` : ''}`,
    ),
    ...nvidiaLines(report.nvidiaSmi),
    `tfjs-node-gpu needs TensorFlow ${required.tensorflow}, CUDA ${required.cuda} and cuDNN ${required.cudnn}.`,
    'CUDA and cuDNN libraries:',
    ...report.libraries.map(
      (library) =>
        `  ${mark(library.ok)} ${library.name} (needs ${library.required}): ${library.found.length > 0 ? library.found.join(', ') : 'not found'}`,
    ),
    `Verdict      ${gpuVerdict(report)}`,
    ...(report.fixes.length > 0
      ? ['Fix, in order:', ...report.fixes.map((fix, index) => `  ${String(index + 1)}. ${fix}`)]
      : []),
  ];
}
