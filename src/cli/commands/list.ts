import path from 'node:path';
import type { ExperimentInfo } from '../../core/schemas';
import {
  ExperimentFolderError,
  formatMetric,
  keyMetricOf,
  listExperiments,
} from '../../trainapp/experiments';
import type { ExperimentEntry, Metric } from '../../trainapp/experiments';
import { EXPERIMENTS_FOLDER } from '../../trainapp/experiments/layout';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const USAGE = [
  'Usage: train-studio list [--experiments <dir>] [--json]',
  '',
  'Lists every experiment of the workspace by project, newest run first: its run folder, status, model,',
  "epochs and key metric (the task's primary evaluation metric: accuracy, mAP50 or mIoU; for another",
  "task, its framework's first). A folder that cannot be read is listed with its problem. Exits 1 when",
  'the experiments folder itself cannot be read.',
  '',
  '  --experiments <dir>  the experiments folder (default: ./experiments)',
  '  --json               print {"experimentsDir", "experiments": [...]} as one JSON object',
].join('\n');

/** One experiment as `list --json` prints it. */
export interface ListedExperiment {
  readonly project: string;
  /** Absolute. */
  readonly dir: string;
  /** The folder's name, `<run id>_<framework>`. */
  readonly run: string;
  readonly runId?: number;
  readonly status?: ExperimentInfo['status'];
  readonly model?: string;
  readonly task?: ExperimentInfo['task_type'];
  readonly epochs?: number;
  readonly keyMetric?: Metric;
  readonly problem?: string;
}

function listed(entry: ExperimentEntry): ListedExperiment {
  const { info } = entry;
  const keyMetric = info && keyMetricOf(info);
  return {
    project: entry.project,
    dir: entry.dir,
    run: path.basename(entry.dir),
    ...(entry.runId === undefined ? {} : { runId: entry.runId }),
    ...(info === undefined
      ? {}
      : {
          status: info.status,
          ...(info.model_name === undefined ? {} : { model: info.model_name }),
          ...(info.task_type === undefined ? {} : { task: info.task_type }),
          ...(info.epochs === undefined ? {} : { epochs: info.epochs }),
          ...(keyMetric === undefined ? {} : { keyMetric }),
        }),
    ...(entry.problem === undefined ? {} : { problem: entry.problem }),
  };
}

const NONE = '-';

function row(experiment: ListedExperiment): string[] {
  const { keyMetric } = experiment;
  if (experiment.problem !== undefined)
    return [experiment.project, experiment.run, `problem: ${experiment.problem}`];
  return [
    experiment.project,
    experiment.run,
    experiment.status ?? NONE,
    experiment.model ?? NONE,
    experiment.epochs === undefined ? NONE : String(experiment.epochs),
    keyMetric === undefined ? NONE : formatMetric(keyMetric),
  ];
}

/** Columns padded to their widest cell; a problem row's last cell runs on past the table. */
function table(rows: readonly (readonly string[])[]): string[] {
  const full = rows.filter((cells) => cells.length > 3);
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...(column < 2 ? rows : full).map((cells) => cells[column]?.length ?? 0)),
  );
  return rows.map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  '),
  );
}

/** `train-studio list`: exit 0 with the list (empty too), 1 when the folder cannot be read, 2 for bad usage. */
export function list(args: readonly string[], context: CliContext): number {
  const parsed = parseCommandArgs(args, { experiments: { type: 'string' }, json: { type: 'boolean' } });
  const fail = (reason: string) => usageError(context, 'list', reason, USAGE);
  if (!parsed.ok) return fail(parsed.reason);
  const { values, positionals } = parsed;
  if (values.help) {
    context.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) {
    return fail(`unexpected argument '${positionals[0] ?? ''}'; name the folder with --experiments`);
  }
  const experimentsDir = path.resolve(context.cwd, values.experiments ?? EXPERIMENTS_FOLDER);
  let experiments: ListedExperiment[];
  try {
    experiments = listExperiments(experimentsDir).map(listed);
  } catch (error) {
    if (!(error instanceof ExperimentFolderError)) throw error;
    context.err(`train-studio list: ${error.message}`);
    context.err(`  ${error.hint}`);
    return 1;
  }
  if (values.json) {
    context.out(JSON.stringify({ experimentsDir, experiments }, null, 2));
    return 0;
  }
  if (experiments.length === 0) {
    context.out(`No experiments in ${experimentsDir} yet.`);
    return 0;
  }
  context.out(`Experiments in ${experimentsDir}`);
  const header = ['PROJECT', 'RUN', 'STATUS', 'MODEL', 'EPOCHS', 'KEY METRIC'];
  for (const line of table([header, ...experiments.map(row)])) context.out(line);
  return 0;
}
