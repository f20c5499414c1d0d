import * as vscode from 'vscode';
import { experimentAt, pickExperiment, workspaceExperiments } from '../pick/experiments';
import { evaluationReportOf } from '../tree/runFiles';
import { treeTargetOf } from '../treeTarget';
import { allowedToRun } from '../trust';
import { UserError } from '../userError';
import type { CommandContext } from './context';

// Open Evaluation Report: evaluation/report.html of an experiment, in the browser. A run item of the tree
// opens its own; from the palette, the user picks among the experiments that have one. The page goes to the
// OS's default app, outside VS Code's sandbox, so an untrusted workspace (whose evaluation/ may be anything
// its repository shipped) opens nothing.

/** The report file opened (absolute), or undefined when the user cancelled or the workspace is untrusted. */
export async function openEvaluationReport(
  context: CommandContext,
  argument: unknown,
): Promise<string | undefined> {
  if (!allowedToRun('open evaluation reports')) return undefined;
  const target = treeTargetOf(argument);
  const experiment = target?.experimentDir
    ? experimentAt(target.experimentDir, context.runs)
    : await pickExperiment(
        workspaceExperiments(context.runs).filter(
          ({ dir, info }) => evaluationReportOf(dir, info) !== undefined,
        ),
        {
          title: 'Open Evaluation Report',
          placeholder: 'The experiment whose evaluation report to open',
          none: new UserError(
            'No experiment has an evaluation report.',
            'A run writes one when it is evaluated: finish a run with model_benchmark on, or use Evaluate Checkpoint.',
          ),
        },
      );
  if (!experiment) return undefined;
  const report = evaluationReportOf(experiment.dir, experiment.info);
  if (report === undefined) {
    throw new UserError(
      `${experiment.info.experiment_name} has no evaluation report.`,
      'Evaluate one of its checkpoints (Evaluate Checkpoint) to write one.',
    );
  }
  // The browser, not a webview: the page is a self-contained file meant to be read (and shared) anywhere,
  // and the panel's evaluation card, which shows the same files inside VS Code, is the panel's own work.
  await vscode.env.openExternal(vscode.Uri.file(report));
  return report;
}
