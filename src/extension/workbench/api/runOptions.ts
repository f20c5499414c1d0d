import { z } from 'zod';
import { suggestClosest } from '../../../core/config';
import { UserError } from '../userError';
import type { RunOptions } from './types';

// The API's callers are programs, often plain JavaScript: the options' types are checked here, naming the
// option at fault, and so are their names (TrainApi's `enable_benchmark` is `enableBenchmark` here), so
// that a misspelt option is an error rather than silently ignored. What the values mean (the split, the
// experiment name, the hyperparameters' YAML) is app_state.json's own schema's to check.

const flag = z.boolean().optional();
const nonEmpty = z.string().min(1);

const SHAPE = {
  project: nonEmpty,
  model: z.union([nonEmpty, z.strictObject({ experiment: nonEmpty, checkpoint: nonEmpty })], {
    error:
      'expected a model name, or `{ experiment, checkpoint }` naming a checkpoint of an earlier experiment',
  }),
  classes: z.array(z.string()).optional(),
  trainValSplit: z.unknown().optional(),
  hyperparameters: z
    .union([z.string(), z.record(z.string(), z.unknown())], {
      error: 'expected YAML text, the path of a .yaml file, or an object of values',
    })
    .optional(),
  experimentName: z.string().optional(),
  framework: nonEmpty.optional(),
  convertClassShapes: flag,
  enableBenchmark: flag,
  enableSpeedtest: flag,
  cacheProject: flag,
  exportOnnx: flag,
  exportTensorrt: flag,
  autostart: flag,
} satisfies Record<keyof RunOptions, z.ZodType>;

const RunOptionsShape = z.strictObject(SHAPE);
const OPTION_NAMES = Object.keys(SHAPE);
const HINT = 'Fix that option and submit the run again.';

function unknownOption(name: string): UserError {
  const closest = suggestClosest(name, OPTION_NAMES);
  return new UserError(
    `\`${name}\` is not a run option${closest === undefined ? '.' : `: did you mean \`${closest}\`?`}`,
    `The options are ${OPTION_NAMES.map((option) => `\`${option}\``).join(', ')}.`,
  );
}

/** The options as given, once their names and types are right; throws a UserError naming the option. */
export function checkRunOptions(options: unknown): RunOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UserError(
      'The run options must be an object.',
      'Pass at least `project` (the dataset folder) and `model` (a model name).',
    );
  }
  const parsed = RunOptionsShape.safeParse(options);
  if (parsed.success) return options as RunOptions;
  const [issue] = parsed.error.issues;
  if (issue?.code === 'unrecognized_keys') throw unknownOption(issue.keys[0] ?? '');
  const [option, ...inner] = issue?.path ?? [];
  if (!(String(option) in options)) {
    throw new UserError(
      `The run option \`${String(option)}\` is missing.`,
      'Add it and submit the run again.',
    );
  }
  const where = inner.length > 0 ? ` (${inner.join('.')})` : '';
  throw new UserError(
    `The run option \`${String(option)}\`${where} is not valid: ${issue?.message ?? 'unknown problem'}.`,
    HINT,
  );
}
