import path from 'node:path';
import { TRAINING_BACKEND_VALUES, type TrainingBackend } from '../../core/events';
import type { GpuEnvironmentReport } from '../../core/gpuEnvironment';
import { probeBackendHere, probeEnvironment, probeInChild } from '../../engine/backend/backendProbe';
import { TENSORFLOW_GPU_BUILD } from '../../engine/backend/cudaLibraries';
import { checkGpuEnvironment } from '../../engine/backend/gpuEnvironment';
import { findGpuBackend, GPU_BACKEND_PACKAGE } from '../../engine/backend/nativePackages';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const USAGE = [
  'Usage: train-studio doctor [--json]',
  '',
  'Checks whether training can use an NVIDIA GPU here, and says how to make it so: which backends of the',
  'training chain load (tensorflow-gpu, tensorflow, wasm, cpu, in the order training tries them), what',
  `nvidia-smi reports, where the CUDA and cuDNN libraries TensorFlow ${TENSORFLOW_GPU_BUILD.tensorflow} needs are`,
  `(${GPU_BACKEND_PACKAGE} ${TENSORFLOW_GPU_BUILD.packageVersion}: CUDA ${TENSORFLOW_GPU_BUILD.cuda}, cuDNN ${TENSORFLOW_GPU_BUILD.cudnn}), a verdict (gpu-ready, gpu-unavailable, no-gpu)`,
  'and the steps that fix it.',
  '',
  '  --json                  print the report as one JSON object (GpuEnvironmentReport)',
  '  --probe-backend <name>  try one backend in this process and print {name, loads, detail} as JSON; doctor',
  '                          runs one such process per native backend, so a crashing addon cannot stop it',
].join('\n');

/** The CLI's own script, which the probe processes run: the package's `bin`. */
const cliScript = (context: CliContext) => path.join(context.packageRoot, 'dist', 'cli.js');

const searchDirectories = (context: CliContext) => [context.packageRoot, context.cwd];

const isBackend = (value: string): value is TrainingBackend =>
  (TRAINING_BACKEND_VALUES as readonly string[]).includes(value);

function libraryLine(library: GpuEnvironmentReport['libraries'][number], width: number): string {
  const exact = library.found.find((file) => path.basename(file) === library.required);
  const others = library.found.filter((file) => file !== exact);
  const state = library.ok
    ? `ok: ${exact ?? library.found.join(', ')}`
    : exact !== undefined
      ? `not where the loader looks: ${exact}`
      : `missing${others.length > 0 ? `; other versions: ${others.join(', ')}` : ''}`;
  return `  ${library.name.padEnd(width)}  ${library.required.padEnd(18)} ${state}`;
}

function verdictLine(report: GpuEnvironmentReport): string {
  const used = report.backends.find((backend) => backend.loads)?.name ?? 'no backend';
  switch (report.verdict) {
    case 'gpu-ready':
      return 'gpu-ready: training uses the GPU';
    case 'gpu-unavailable':
      return `gpu-unavailable: an NVIDIA GPU is here, but training cannot use it and runs on ${used}`;
    case 'no-gpu':
      return `no-gpu: no NVIDIA GPU here; training runs on ${used}`;
  }
}

function nvidiaSmiLines({ nvidiaSmi }: GpuEnvironmentReport): string[] {
  if (!nvidiaSmi.found) return [`nvidia-smi   not found: ${nvidiaSmi.detail}`];
  return [
    `nvidia-smi   ${nvidiaSmi.detail}`,
    ...nvidiaSmi.gpus.map(
      (gpu, index) =>
        `  GPU ${index}  ${gpu.name}${gpu.memoryMiB === undefined ? '' : `, ${gpu.memoryMiB} MiB`}`,
    ),
  ];
}

/** The same report as --json, for people: one section per field. */
function textReport(report: GpuEnvironmentReport, context: CliContext): string[] {
  const gpu = findGpuBackend(searchDirectories(context));
  const { node, required } = report;
  const nameWidth = Math.max(...report.backends.map((backend) => backend.name.length));
  const libraryWidth = Math.max(0, ...report.libraries.map((library) => library.name.length));
  return [
    `train-studio ${context.version}`,
    `node         ${node.version} (${node.platform}-${node.arch}, ${node.cpus} cores)`,
    `gpu backend  ${gpu.available ? `found at ${gpu.packagePath}` : 'not installed'}`,
    'backends     in the order training tries them',
    ...report.backends.map(
      (backend) => `  ${backend.name.padEnd(nameWidth)}  ${backend.loads ? 'yes' : 'no '}  ${backend.detail}`,
    ),
    ...nvidiaSmiLines(report),
    `needs        TensorFlow ${required.tensorflow} with CUDA ${required.cuda} and cuDNN ${required.cudnn} (${GPU_BACKEND_PACKAGE} ${TENSORFLOW_GPU_BUILD.packageVersion})`,
    report.libraries.length === 0
      ? `libraries    not checked on ${node.platform}`
      : 'libraries    opened by name through the dynamic loader',
    ...report.libraries.map((library) => libraryLine(library, libraryWidth)),
    `verdict      ${verdictLine(report)}`,
    ...(report.fixes.length === 0
      ? []
      : ['fixes', ...report.fixes.map((fix, index) => `  ${index + 1}. ${fix}`)]),
  ];
}

/** `train-studio doctor`: exit 0 with the report, 2 for bad usage. */
export async function doctor(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, 'probe-backend': { type: 'string' } });
  const fail = (reason: string) => usageError(context, 'doctor', reason, USAGE);
  if (!parsed.ok) return fail(parsed.reason);
  const { values, positionals } = parsed;
  if (values.help) {
    context.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) return fail(`unexpected argument '${positionals[0] ?? ''}'`);
  const probe = values['probe-backend'];
  if (probe !== undefined) {
    if (!isBackend(probe))
      return fail(`--probe-backend takes one of ${TRAINING_BACKEND_VALUES.join(', ')}, not '${probe}'`);
    context.out(JSON.stringify(await probeBackendHere(probe, searchDirectories(context))));
    return 0;
  }
  const report = await checkGpuEnvironment({
    searchDirectories: searchDirectories(context),
    workspace: context.cwd,
    probeNative: (backend) =>
      probeInChild(backend, {
        args: [cliScript(context), 'doctor', '--probe-backend', backend],
        cwd: context.cwd,
        env: probeEnvironment(backend, context.env ?? process.env),
      }),
  });
  if (values.json) context.out(JSON.stringify(report, null, 2));
  else for (const line of textReport(report, context)) context.out(line);
  return 0;
}
