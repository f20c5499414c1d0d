import path from 'node:path';
import * as vscode from 'vscode';
import { IMAGE_EXTENSIONS } from '../../../data/imageSize';
import { EXPERIMENT_FOLDERS } from '../../../trainapp/experiments/layout';
import { folderFor, workspaceFolders, workspaceLabel } from '../pick/workspace';
import { allowedToRun } from '../trust';
import { predictArgs } from './cliArgs';
import { logCliOutput, runCliCommand } from './cliJob';
import { chooseCheckpoint } from './checkpointTarget';
import type { CommandContext } from './context';
import { notifyDone, revealAction } from './notifyDone';

// Predict on Images: `train-studio predict --draw` runs a checkpoint on images the user picks and writes
// Supervisely annotations and the drawn images into the experiment's predictions/ folder.

const TITLE = 'Predict on Images';

// Windows and Linux dialogs pick files or folders, not both at once, so the user says which first.
const SOURCES = {
  files: { label: 'Image files…', detail: 'One or more images.' },
  folder: { label: 'A folder of images…', detail: 'Every image directly inside it.' },
} as const;

async function pickImages(): Promise<string[] | undefined> {
  const source = await vscode.window.showQuickPick(
    Object.values(SOURCES).map((choice) => ({ ...choice })),
    { title: TITLE, placeHolder: 'What to predict on' },
  );
  if (!source) return undefined;
  const files = source.label === SOURCES.files.label;
  const uris = await vscode.window.showOpenDialog({
    title: TITLE,
    canSelectFiles: files,
    canSelectFolders: !files,
    canSelectMany: true,
    defaultUri: workspaceFolders()[0]?.uri,
    openLabel: 'Predict',
    ...(files ? { filters: { Images: [...IMAGE_EXTENSIONS].map((extension) => extension.slice(1)) } } : {}),
  });
  return uris && uris.length > 0 ? uris.map((uri) => uri.fsPath) : undefined;
}

/** The predictions folder, once written; undefined when the user cancelled a step. */
export async function predict(context: CommandContext, argument: unknown): Promise<string | undefined> {
  if (!allowedToRun('run models')) return undefined;
  const chosen = await chooseCheckpoint(context, argument, { title: TITLE, refuseLive: true });
  if (!chosen) return undefined;
  const images = await pickImages();
  if (!images) return undefined;
  const { experiment, checkpoint } = chosen;
  const name = experiment.info.experiment_name;
  const result = await runCliCommand(context, {
    args: predictArgs(experiment.dir, images, { checkpoint, draw: true }),
    cwd: folderFor(experiment.dir).uri.fsPath,
    title: `Predicting with ${name} (${checkpoint})`,
    cancellable: true,
  });
  if (!result) return undefined;
  logCliOutput(context, result);
  const outDir = path.join(experiment.dir, EXPERIMENT_FOLDERS.predictions);
  notifyDone(
    context,
    `${name}, ${checkpoint}: predictions written to ${workspaceLabel(outDir)}.`,
    revealAction('Reveal the predictions', outDir),
  );
  return outDir;
}
