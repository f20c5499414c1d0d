import { COMMANDS } from '../../ids';
import type { CommandGroup, PaletteCommandId, WorkbenchApi, WorkbenchHost } from '../contract';
import { reportingErrors } from '../reportError';
import type { RunServices } from '../runs/types';
import { checkGpu } from './checkGpu';
import { compare } from './compare';
import type { CommandContext } from './context';
import { convertDataset } from './convertDataset';
import { evaluate } from './evaluate';
import { exportModel } from './exportModel';
import { fineTune } from './fineTune';
import { newTrainingRun } from './newRun/command';
import { openEvaluationReport } from './openEvaluationReport';
import { predict } from './predict';
import { resume } from './resume';
import { speedTest } from './speedTest';
import { start } from './start';
import { stop } from './stop';
import { WorkspaceValidation } from './validateConfigs';

// The palette's commands, which the tree's context menu runs too (with the clicked item, and the selected
// ones, as arguments). Each reports its own failures: a UserError as its message and hint, anything else
// as a one-line notification with the details in the output. None rejects to its caller.

export function createPaletteCommands(
  host: WorkbenchHost,
  runs: RunServices,
  api: WorkbenchApi,
): CommandGroup<PaletteCommandId> {
  const context: CommandContext = { host, runs, api };
  const validation = new WorkspaceValidation(host);
  host.context.subscriptions.push(validation);
  const reported = (what: string, handler: (...args: unknown[]) => Promise<unknown>) =>
    reportingErrors(host.output, what, handler);
  return {
    [COMMANDS.newTrainingRun]: reported('New Training Run', () => newTrainingRun(context)),
    [COMMANDS.start]: reported('Start Training', (file) => start(context, file)),
    [COMMANDS.stop]: reported('Stop Training', (target) => stop(context, target)),
    [COMMANDS.resume]: reported('Resume Experiment', (target) => resume(context, target)),
    [COMMANDS.fineTune]: reported('Fine-tune', (target) => fineTune(context, target)),
    [COMMANDS.evaluate]: reported('Evaluate Checkpoint', (target) => evaluate(context, target)),
    [COMMANDS.exportModel]: reported('Export Model', (target) => exportModel(context, target)),
    [COMMANDS.speedTest]: reported('Run Speed Test', (target) => speedTest(context, target)),
    [COMMANDS.predict]: reported('Predict on Images', (target) => predict(context, target)),
    [COMMANDS.openEvaluationReport]: reported('Open Evaluation Report', (target) =>
      openEvaluationReport(context, target),
    ),
    [COMMANDS.convertDataset]: reported('Convert Dataset', (request) => convertDataset(context, request)),
    [COMMANDS.validateConfigs]: reported('Validate Configs', () => validation.run()),
    [COMMANDS.compare]: reported('Compare Experiments', (clicked, selected) =>
      compare(context, clicked, selected),
    ),
    [COMMANDS.checkGpu]: reported('Check GPU Environment', () => checkGpu(context)),
  };
}
