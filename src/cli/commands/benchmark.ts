import { benchmarkExperiment } from '../../trainapp/speedTest/benchmarkExperiment';
import { DEFAULT_SPEED_TEST_BATCH_SIZES, speedTestTable } from '../../trainapp/speedTest';
import { parseExperimentCommand, usageError } from '../args';
import type { CliContext } from '../context';
import { reportEarlyFailure, runEnvironment } from '../runOutput';

const USAGE = [
  'Usage: train-studio benchmark <experiment dir> [--checkpoint <file>] [--batch-sizes 1,8,32] [--json]',
  '',
  'Times a checkpoint (the best one by default): inference latency (median and p95) and throughput, on tfjs',
  'with the backend training would use and on ONNX Runtime (CPU), and writes evaluation/speedtest.json.',
  '',
  '  --checkpoint <file>     a file in the checkpoints/ folder, such as last.json or epoch_5.json',
  `  --batch-sizes <list>    batch sizes to time, comma-separated (default ${DEFAULT_SPEED_TEST_BATCH_SIZES.join(',')})`,
  '  --json                  print the report as JSON instead of a table',
].join('\n');

/** The largest batch the built-in framework trains with (hyperparameters' batch_size). */
const MAX_BATCH_SIZE = 1024;

export type BatchSizes =
  { readonly ok: true; readonly sizes: number[] } | { readonly ok: false; readonly reason: string };

/** `--batch-sizes 1,8,32`: whole numbers from 1 to 1024, each once, in the order given. */
export function parseBatchSizes(text: string | undefined): BatchSizes {
  if (text === undefined) return { ok: true, sizes: [...DEFAULT_SPEED_TEST_BATCH_SIZES] };
  const parts = text.split(',').map((part) => part.trim());
  const sizes: number[] = [];
  for (const part of parts) {
    const size = /^\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!(size >= 1 && size <= MAX_BATCH_SIZE)) {
      return {
        ok: false,
        reason: `--batch-sizes takes whole numbers from 1 to ${String(MAX_BATCH_SIZE)} separated by commas, such as 1,8,32; '${part}' is not one`,
      };
    }
    if (sizes.includes(size)) return { ok: false, reason: `--batch-sizes names ${part} twice` };
    sizes.push(size);
  }
  return { ok: true, sizes };
}

export async function benchmark(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseExperimentCommand(args, context, 'benchmark', USAGE, {
    checkpoint: { type: 'string' },
    'batch-sizes': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (parsed.done) return parsed.exitCode;
  const batchSizes = parseBatchSizes(parsed.values['batch-sizes']);
  if (!batchSizes.ok) return usageError(context, 'benchmark', batchSizes.reason, USAGE);
  try {
    const { report, file } = await benchmarkExperiment(
      parsed.dir,
      { checkpoint: parsed.values.checkpoint, batchSizes: batchSizes.sizes },
      runEnvironment(context, {}),
    );
    if (parsed.values.json) {
      context.out(JSON.stringify(report, null, 2));
      return 0;
    }
    for (const line of speedTestTable(report)) context.out(line);
    context.out(`Written: ${file}`);
    return 0;
  } catch (error) {
    return reportEarlyFailure('benchmark', context, error);
  }
}
