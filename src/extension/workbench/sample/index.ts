import path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../ids';
import type { WorkbenchHost } from '../contract';
import { writeSampleSetup } from './sampleSetup';

// The welcome view's first offer: a setup that trains as it is, opened for the user to read, with the
// run one click away.

const START_TRAINING = 'Start Training';

/** Returns the new folder; undefined when no folder is open (the user is told to open one). */
export async function createSample(host: WorkbenchHost): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window
      .showInformationMessage(
        'Open a folder first: the sample training setup is created inside the workspace folder.',
        'Open Folder…',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.files.openFolder');
      });
    return undefined;
  }
  const setup = await writeSampleSetup(path.join(host.context.extensionPath, 'samples'), folder.uri.fsPath);
  host.output.info(`Created the sample training setup in ${setup.dir}`);
  await vscode.window.showTextDocument(vscode.Uri.file(setup.appState));
  void vscode.window
    .showInformationMessage(
      `Created ${path.basename(setup.dir)}: a small object-detection dataset with its app_state.json, hyperparameters.yaml and app_options.yaml.`,
      START_TRAINING,
    )
    .then((choice) => {
      if (choice === START_TRAINING)
        void vscode.commands.executeCommand(COMMANDS.start, vscode.Uri.file(setup.appState));
    });
  return setup.dir;
}
