import path from 'node:path';
import { summarizeEvaluation } from '../../trainapp/evaluation';
import { EVALUATION_FILES } from '../../trainapp/experiments/layout';
import { evaluateExperiment } from '../../trainapp/run';
import { parseExperimentCommand } from '../args';
import type { CliContext } from '../context';
import { reportEarlyFailure, runEnvironment } from '../runOutput';

const USAGE = [
  'Usage: train-studio evaluate <experiment dir> [--checkpoint <file>]',
  '',
  "Evaluates a checkpoint (the best one by default) on the experiment's val split, writes evaluation/",
  '(metrics, PR curves, confusion matrix, calibration, the worst predictions drawn, and report.html,',
  "a page that needs no network) and experiment_info.json's evaluation_metrics.",
  '',
  '  --checkpoint <file>  a file in the checkpoints/ folder, such as last.json or epoch_5.json',
].join('\n');

export async function evaluate(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseExperimentCommand(args, context, 'evaluate', USAGE, { checkpoint: { type: 'string' } });
  if (parsed.done) return parsed.exitCode;
  try {
    const { result, files } = await evaluateExperiment(
      parsed.dir,
      parsed.values.checkpoint,
      runEnvironment(context, {}),
    );
    for (const line of summarizeEvaluation(result)) context.out(line);
    context.out(`Written: ${files.map((file) => path.join(parsed.dir, file)).join(', ')}`);
    const report = files.find((file) => path.basename(file) === EVALUATION_FILES.report);
    if (report !== undefined) context.out(`Report: ${path.join(parsed.dir, report)}`);
    return 0;
  } catch (error) {
    return reportEarlyFailure('evaluate', context, error);
  }
}
