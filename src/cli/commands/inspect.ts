import path from 'node:path';
import { DatasetError, formatProblem, READ_POLICIES } from '../../data/errors';
import { inspectIndex } from '../../data/inspect';
import type { ClassSummary, DatasetReport } from '../../data/inspect';
import { DATASET_FORMATS } from '../../data/model';
import type { DatasetFormat } from '../../data/model';
import { readDataset } from '../../data/readers';
import { parseCommandArgs, usageError } from '../args';
import type { CliContext } from '../context';

const USAGE = 'Usage: train-studio inspect <dir> [--format supervisely|coco|yolo|class_folders] [--json]';
const FORMATS: readonly string[] = Object.values(DATASET_FORMATS);
/** The text report lists this many images without annotations; --json lists them all. */
const UNANNOTATED_SHOWN = 20;

interface InspectArgs {
  readonly dir: string;
  readonly format: DatasetFormat | undefined;
  readonly json: boolean;
}

function isFormat(value: string): value is DatasetFormat {
  return FORMATS.includes(value);
}

type Parsed = InspectArgs | { readonly help: true } | { readonly usageError: string };

function readArgs(args: readonly string[]): Parsed {
  const parsed = parseCommandArgs(args, { format: { type: 'string' }, json: { type: 'boolean' } });
  if (!parsed.ok) return { usageError: parsed.reason };
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const { format } = values;
  if (format !== undefined && !isFormat(format)) {
    return { usageError: `--format takes one of ${FORMATS.join(', ')}, not '${format}'` };
  }
  const [dir, extra] = positionals;
  if (dir === undefined) return { usageError: 'name the dataset folder to inspect' };
  if (extra !== undefined) return { usageError: `one dataset folder at a time ('${dir}', then '${extra}')` };
  return { dir, format, json: values.json ?? false };
}

function classLine(summary: ClassSummary, titleWidth: number): string {
  const byGeometry = Object.entries(summary.byGeometry)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  const objects = summary.objects === 0 ? 'no objects' : `${summary.objects} objects (${byGeometry})`;
  return `  ${summary.title.padEnd(titleWidth)}  ${summary.shape.padEnd(12)} ${objects}, in ${summary.images} images`;
}

function textReport(report: DatasetReport): string[] {
  const datasetWidth = Math.max(0, ...report.datasets.map((dataset) => dataset.name.length));
  const titleWidth = Math.max(0, ...report.classes.map((summary) => summary.title.length));
  const { sizes, unannotated, problems } = report;
  const lines = [
    `Format       ${report.format}`,
    `Folder       ${report.root}`,
    `Datasets     ${report.datasets.length}`,
    ...report.datasets.map((dataset) => `  ${dataset.name.padEnd(datasetWidth)}  ${dataset.images} images`),
    `Images       ${report.images}, ${unannotated.length} without annotations`,
    `Image sizes  ${sizes === undefined ? 'no images' : `width ${sizes.minWidth}–${sizes.maxWidth}, height ${sizes.minHeight}–${sizes.maxHeight}`}`,
    `Objects      ${report.objects}`,
    `Classes      ${report.classes.length}`,
    ...report.classes.map((summary) => classLine(summary, titleWidth)),
  ];
  if (unannotated.length > 0) {
    lines.push('Images without annotations');
    lines.push(...unannotated.slice(0, UNANNOTATED_SHOWN).map((ref) => `  ${ref}`));
    if (unannotated.length > UNANNOTATED_SHOWN) {
      lines.push(`  … and ${unannotated.length - UNANNOTATED_SHOWN} more (--json lists them all)`);
    }
  }
  lines.push(`Problems     ${problems.length === 0 ? 'none' : problems.length}`);
  lines.push(...problems.map((problem) => `  ${formatProblem(problem)}`));
  return lines;
}

/**
 * `train-studio inspect`: what a dataset holds and everything wrong with it. Reads with the `skip` policy so
 * that every problem is listed. Exit 0 when the data read cleanly, 1 on problems, 2 on bad usage.
 */
export function inspect(args: readonly string[], context: CliContext): number {
  const parsed = readArgs(args);
  if ('help' in parsed) {
    context.out(USAGE);
    return 0;
  }
  if ('usageError' in parsed) return usageError(context, 'inspect', parsed.usageError, USAGE);
  let report: DatasetReport;
  try {
    const index = readDataset(path.resolve(context.cwd, parsed.dir), {
      policy: READ_POLICIES.skip,
      ...(parsed.format === undefined ? {} : { format: parsed.format }),
    });
    report = inspectIndex(index);
  } catch (error) {
    if (!(error instanceof DatasetError)) throw error;
    if (parsed.json) context.out(JSON.stringify({ error: error.problem }, null, 2));
    else context.err(`train-studio inspect: ${error.message}`);
    return 1;
  }
  if (parsed.json) context.out(JSON.stringify(report, null, 2));
  else for (const line of textReport(report)) context.out(line);
  return report.problems.length === 0 ? 0 : 1;
}
