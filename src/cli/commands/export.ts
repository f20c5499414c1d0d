import fs from 'node:fs';
import path from 'node:path';
import { PARITY_TOLERANCE } from '../../engine/export';
import { EXPORT_FORMAT_NAMES } from '../../trainapp/export';
import type { ExportFormatName } from '../../trainapp/export';
import { exportExperiment } from '../../trainapp/export/exportExperiment';
import type { ExperimentExport } from '../../trainapp/export/exportExperiment';
import { formatDifference } from '../../trainapp/export/formatDifference';
import { formatBytes } from '../../trainapp/prepare/diskSpace';
import { parseExperimentCommand, usageError } from '../args';
import type { CliContext } from '../context';
import { reportEarlyFailure, runEnvironment, withStopBinding } from '../runOutput';

const USAGE = [
  'Usage: train-studio export <experiment dir> --format onnx|tensorrt [--format …] [--checkpoint <file>]',
  '',
  "Exports a checkpoint (the best one by default) into the experiment's export/ folder, with classes.json",
  "(classes, input, outputs and how to decode them), and records it in experiment_info.json's export.",
  `ONNX is run in ONNX Runtime beside tfjs on val images, and refused when they differ by more than ${formatDifference(PARITY_TOLERANCE)}.`,
  "TensorRT builds an engine from the ONNX file with NVIDIA's trtexec, which must be on PATH.",
  "A custom framework exports with its module's own exportOnnx(ctx) and exportTensorRT(ctx).",
  'Ctrl+C (SIGINT) or SIGTERM stops an export, trtexec with it; nothing is written then.',
  '',
  '  --format <name>      onnx or tensorrt; give it twice for both',
  '  --checkpoint <file>  a file in the checkpoints/ folder, such as last.json or epoch_5.json',
].join('\n');

const FORMAT_LABELS: Readonly<Record<ExportFormatName, string>> = { onnx: 'ONNX', tensorrt: 'TensorRT' };

const isFormat = (value: string): value is ExportFormatName =>
  (EXPORT_FORMAT_NAMES as readonly string[]).includes(value);

function sizeOf(file: string): string {
  try {
    return formatBytes(fs.statSync(file).size);
  } catch {
    return 'size unknown';
  }
}

function printExport(context: CliContext, dir: string, outcome: ExperimentExport): void {
  const written = [...Object.values(outcome.files), ...(outcome.manifest ? [outcome.manifest] : [])];
  context.out(`Exported ${outcome.checkpoint} of ${dir}:`);
  for (const file of written) {
    const absolute = path.join(dir, file);
    context.out(`  ${absolute}  (${sizeOf(absolute)})`);
  }
  if (outcome.maxAbsDiff !== undefined && outcome.parity) {
    const { images, synthetic, tfjsBackend } = outcome.parity;
    context.out(
      `ONNX Runtime matches tfjs: max |difference| ${formatDifference(outcome.maxAbsDiff)} ≤ ${formatDifference(PARITY_TOLERANCE)} on ${String(images)} ${synthetic ? 'noise' : 'val'} image(s) (tfjs backend ${tfjsBackend}).`,
    );
  }
}

export async function exportCommand(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseExperimentCommand(args, context, 'export', USAGE, {
    format: { type: 'string', multiple: true },
    checkpoint: { type: 'string' },
  });
  if (parsed.done) return parsed.exitCode;
  const asked = (parsed.values.format ?? []).map((format) => format.toLowerCase());
  if (asked.length === 0)
    return usageError(context, 'export', 'name a format: --format onnx or --format tensorrt', USAGE);
  const unknown = asked.find((format) => !isFormat(format));
  if (unknown !== undefined) {
    return usageError(context, 'export', `unknown format '${unknown}' (onnx or tensorrt)`, USAGE);
  }
  const environment = runEnvironment(context, {});
  try {
    const outcome = await withStopBinding(context, environment, () =>
      exportExperiment(
        parsed.dir,
        { formats: asked.filter(isFormat), checkpoint: parsed.values.checkpoint },
        environment,
      ),
    );
    for (const { format, reason } of outcome.skipped) {
      context.err(`train-studio export: Not exported to ${FORMAT_LABELS[format]}: ${reason}`);
    }
    if (Object.keys(outcome.files).length === 0) return 1;
    printExport(context, parsed.dir, outcome);
    return 0;
  } catch (error) {
    return reportEarlyFailure('export', context, error);
  }
}
