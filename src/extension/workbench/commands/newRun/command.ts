import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { builtinFrameworkDir } from '../../../../trainapp/configFiles';
import { listExperiments } from '../../../../trainapp/experiments';
import { workspaceDatasets } from '../../pick/projects';
import { experimentsDirs, findWorkspaceFiles, folderFor, workspaceLabel } from '../../pick/workspace';
import type { CommandContext } from '../context';
import { startAppState } from '../start';
import { mayWrite, writeAppState } from '../writeAppState';
import { newRunAppState, newRunFile } from './appStateFile';
import { customModelOptions, pretrainedModelOptions, readModelsJson } from './modelOptions';
import { runSteps } from './quickPickDriver';
import { defaultExperimentName, finishedChoices, newRunSteps } from './steps';
import type { NewRunEnvironment } from './steps';

// New Training Run…: the steps of steps.ts in VS Code's quick input, then an app_state file written
// beside the dataset's workspace folder, opened, and started when the user asked for it.

const HYPERPARAMETERS_GLOB = '**/hyperparameters*.{yaml,yml}';

async function environment(context: CommandContext): Promise<NewRunEnvironment> {
  const frameworkDir = builtinFrameworkDir(context.host.context.extensionPath);
  const experiments = experimentsDirs().flatMap((dir) => {
    try {
      return listExperiments(dir);
    } catch {
      // An unreadable experiments folder only means no custom models from it; the tree says why.
      return [];
    }
  });
  return {
    datasets: workspaceDatasets(),
    models: [
      ...pretrainedModelOptions(readModelsJson(path.join(frameworkDir, 'models.json'))),
      ...customModelOptions(experiments),
    ],
    hyperparameterFiles: await findWorkspaceFiles(HYPERPARAMETERS_GLOB),
    builtinFrameworkDir: frameworkDir,
    label: workspaceLabel,
  };
}

/** The app_state file written, or undefined when the user cancelled. */
export async function newTrainingRun(context: CommandContext): Promise<string | undefined> {
  const env = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Looking for datasets and models' },
    () => environment(context),
  );
  const answers = await runSteps({}, (current) => newRunSteps(current, env));
  if (!answers) return undefined;
  const choices = finishedChoices(answers);
  const folder = folderFor(choices.project.dir).uri.fsPath;
  const target = newRunFile(folder, choices.experimentName || defaultExperimentName(choices), fs.existsSync);
  if (target.exists && !(await mayWrite(target.file))) return undefined;
  await writeAppState(target.file, newRunAppState(choices, path.dirname(target.file)));
  if (choices.start) await startAppState(context, target.file);
  return target.file;
}
