import path from 'node:path';
import {
  PREDICTION_FORMATS,
  PredictUsageError,
  predictWithExperiment,
  summarizePrediction,
} from '../../trainapp/predict';
import type { PredictionFormat } from '../../trainapp/predict';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';
import { reportEarlyFailure, runEnvironment, withStopBinding } from '../runOutput';

const USAGE = [
  'Usage: train-studio predict <experiment dir> <image or folder>... [options]',
  '',
  "Runs the experiment's checkpoint (the best one by default) on the images, and on the images directly",
  'inside each folder named, and writes its predictions: ann/<image file name>.json, each a Supervisely',
  'annotation, and meta.json listing the classes (annotation files, not a Supervisely project: no img/ or',
  'dataset folder), or COCO results. Files of the same images are replaced, others kept; when anything',
  'fails, nothing is written.',
  '',
  '  --checkpoint <file>  a file in the checkpoints/ folder, such as last.json',
  '  --format <format>    supervisely (default), or coco: predictions.coco.json (boxes, or RLE masks) and',
  '                       images.coco.json (image ids to files, category ids to classes)',
  '  --out <dir>          where to write (default: <experiment dir>/predictions)',
  '  --draw               also draw the predictions over the images, as drawn/<image file name>.jpg',
  '  --threshold <0..1>   detection: the score a box needs to be kept (default 0.25)',
  '  --batch-size <n>     images per batch (default: the batch size the checkpoint was trained with)',
].join('\n');

const OPTIONS = {
  checkpoint: { type: 'string' },
  format: { type: 'string', default: PREDICTION_FORMATS.supervisely },
  out: { type: 'string' },
  draw: { type: 'boolean', default: false },
  threshold: { type: 'string' },
  'batch-size': { type: 'string' },
} as const;

const isFormat = (value: string): value is PredictionFormat =>
  Object.values<string>(PREDICTION_FORMATS).includes(value);

/** A number from 0 to 1, or the reason it is not. */
function thresholdOf(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    return `--threshold must be a number from 0 to 1, not '${text}'`;
  }
  return value;
}

/** A whole number from 1 up, or the reason it is not. */
function batchSizeOf(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) return `--batch-size must be a whole number from 1 up, not '${text}'`;
  return value;
}

/** What went where: a folder once with its file count, single files as they are. */
function writtenLines(outDir: string, files: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    const [first = file, ...rest] = file.split('/');
    const key = rest.length > 0 ? `${first}/` : first;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([entry, count]) =>
    entry.endsWith('/') ? `${path.join(outDir, entry)} (${String(count)} files)` : path.join(outDir, entry),
  );
}

export async function predict(args: readonly string[], context: CliContext): Promise<number> {
  const fail = (reason: string) => usageError(context, 'predict', reason, USAGE);
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return fail(parsed.reason);
  const { values, positionals } = parsed;
  if (values.help) {
    context.out(USAGE);
    return 0;
  }
  const [dir, ...inputs] = positionals;
  if (dir === undefined) return fail('name the experiment folder');
  if (inputs.length === 0) return fail('name at least one image or folder of images');
  const { format } = values;
  if (!isFormat(format)) {
    return fail(`--format must be ${Object.values(PREDICTION_FORMATS).join(' or ')}, not '${format}'`);
  }
  const threshold = thresholdOf(values.threshold);
  if (typeof threshold === 'string') return fail(threshold);
  const batchSize = batchSizeOf(values['batch-size']);
  if (typeof batchSize === 'string') return fail(batchSize);

  const environment = runEnvironment(context, {});
  try {
    const outcome = await withStopBinding(context, environment, () =>
      predictWithExperiment(
        {
          experimentDir: path.resolve(context.cwd, dir),
          inputs,
          cwd: context.cwd,
          format,
          draw: values.draw,
          ...(values.checkpoint === undefined ? {} : { checkpoint: values.checkpoint }),
          ...(values.out === undefined ? {} : { outDir: path.resolve(context.cwd, values.out) }),
          ...(threshold === undefined ? {} : { threshold }),
          ...(batchSize === undefined ? {} : { batchSize }),
        },
        {
          searchDirectories: environment.searchDirectories,
          stop: environment.stop,
          onImage: (image, prediction, classes) => {
            context.out(
              `${path.relative(context.cwd, image.path)} → ${summarizePrediction(prediction, classes)}`,
            );
          },
        },
      ),
    );
    const rate = outcome.images / Math.max(outcome.seconds, 1e-9);
    context.out(
      `Predicted ${String(outcome.images)} image(s) with ${outcome.checkpoint} on ${outcome.backend} in ` +
        `${outcome.seconds.toFixed(1)} s (${rate.toFixed(1)} images/s).`,
    );
    context.out(`Written: ${writtenLines(outcome.outDir, outcome.files).join(', ')}`);
    return 0;
  } catch (error) {
    if (error instanceof PredictUsageError) return fail(error.message);
    return reportEarlyFailure('predict', context, error);
  }
}
