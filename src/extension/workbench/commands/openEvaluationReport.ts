import type { CommandContext } from './context';

// Open Evaluation Report: evaluation/report.html of an experiment, in the browser.

export async function openEvaluationReport(context: CommandContext, argument: unknown): Promise<unknown> {
  void context;
  void argument;
  return Promise.reject(new Error('placeholder: openEvaluationReport is not written yet'));
}
