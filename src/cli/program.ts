import { compare } from './commands/compare';
import { convert } from './commands/convert';
import { evalCoco } from './commands/evalCoco';
import { inspect } from './commands/inspect';
import { list } from './commands/list';
import { validate } from './commands/validate';
import type { CliContext } from './context';

interface Command {
  readonly summary: string;
  readonly run: (args: readonly string[], context: CliContext) => number | Promise<number>;
}

// The run commands and doctor load tfjs, sharp and esbuild: loaded on use, so that `validate` or `--help`
// start at once.
const COMMANDS: Readonly<Record<string, Command>> = {
  train: {
    summary: 'Train a new experiment from an app_state.json (fine-tuning too: a new run from a checkpoint)',
    run: async (args, context) => (await import('./commands/train.js')).train(args, context),
  },
  resume: {
    summary: 'Continue a stopped or interrupted experiment exactly, from its last checkpoint',
    run: async (args, context) => (await import('./commands/resume.js')).resume(args, context),
  },
  finalize: {
    summary: 'Complete the finalise steps of an interrupted run, without training again',
    run: async (args, context) => (await import('./commands/finalize.js')).finalize(args, context),
  },
  evaluate: {
    summary: "Evaluate an experiment's checkpoint on its val split and write evaluation/",
    run: async (args, context) => (await import('./commands/evaluate.js')).evaluate(args, context),
  },
  export: {
    summary: "Export an experiment's checkpoint to ONNX (checked against tfjs) or a TensorRT engine",
    run: async (args, context) => (await import('./commands/export.js')).exportCommand(args, context),
  },
  benchmark: {
    summary: "Time an experiment's checkpoint on tfjs and ONNX Runtime at batch 1, 8 and 32",
    run: async (args, context) => (await import('./commands/benchmark.js')).benchmark(args, context),
  },
  predict: {
    summary: "Run an experiment's checkpoint on images; write Supervisely or COCO annotations",
    run: async (args, context) => (await import('./commands/predict.js')).predict(args, context),
  },
  compare: {
    summary: "Show experiments' evaluation metrics side by side, the best of each in bold",
    run: compare,
  },
  list: {
    summary: 'List the experiments of the workspace: run folder, status, model, epochs, key metric',
    run: list,
  },
  doctor: {
    summary: 'Check whether training can use an NVIDIA GPU here, and say how to make it so',
    run: async (args, context) => (await import('./commands/doctor.js')).doctor(args, context),
  },
  convert: {
    summary: 'Convert a dataset (Supervisely, COCO, YOLO) to COCO or YOLO in a new folder',
    run: convert,
  },
  'eval-coco': {
    summary: 'Evaluate COCO detections (bbox) against COCO ground truth; print the 12 COCO stats as JSON',
    run: evalCoco,
  },
  inspect: {
    summary: 'Read a dataset folder and print its format, datasets, classes, object counts and problems',
    run: inspect,
  },
  validate: {
    summary: 'Check models.json, hyperparameters.yaml, app_options.yaml and app_state.json files',
    run: validate,
  },
};

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const rows = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return [
    'Usage: train-studio <command> [options]',
    '',
    'Train computer-vision models from the command line, with the same files as the VS Code extension.',
    '',
    'Commands:',
    ...rows,
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -v, --version  Show the version',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code: 0 success, 1 the command failed, 2 bad usage. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    context.out(helpText());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    context.out(context.version);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    context.err(`train-studio: unknown command '${first}'. Run 'train-studio --help' to see the commands.`);
    return 2;
  }
  return command.run(rest, context);
}
