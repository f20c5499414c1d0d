import path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../userError';
import { datasetFormatOf, findDatasetFolders } from './datasetFolders';
import type { DatasetFolder } from './datasetFolders';
import { inExperimentsFolder, workspaceFolders, workspaceLabel } from './workspace';

// The dataset folders of the workspace, for the commands that start from a dataset.

export function workspaceDatasets(): DatasetFolder[] {
  return findDatasetFolders(
    workspaceFolders().map((folder) => folder.uri.fsPath),
    { skip: inExperimentsFolder },
  );
}

/** A folder chosen in the system's dialog; undefined when the user cancels. */
export async function browseForFolder(title: string): Promise<string | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      title,
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: workspaceFolders()[0]?.uri,
    })) ?? [];
  return uri?.fsPath;
}

const BROWSE = 'Browse…';

/** A dataset folder of the workspace, or one browsed for; a UserError when the folder is not a dataset. */
export async function pickDataset(title: string): Promise<DatasetFolder | undefined> {
  const datasets = workspaceDatasets();
  const picked = await vscode.window.showQuickPick(
    [
      ...datasets.map((dataset) => ({
        label: path.basename(dataset.dir),
        description: dataset.format,
        detail: workspaceLabel(dataset.dir),
        dataset,
      })),
      { label: BROWSE, detail: 'A dataset folder elsewhere', dataset: undefined },
    ],
    {
      title,
      placeHolder: datasets.length > 0 ? 'The dataset' : 'No dataset found in the workspace: browse for one',
    },
  );
  if (!picked) return undefined;
  if (picked.dataset) return picked.dataset;
  const dir = await browseForFolder(title);
  if (dir === undefined) return undefined;
  const format = datasetFormatOf(dir);
  if (format === undefined) {
    throw new UserError(
      `${dir} is not a dataset folder Train Studio can read.`,
      'Pick a Supervisely project, a COCO or YOLO dataset, or a folder of class folders.',
    );
  }
  return { dir, format };
}
