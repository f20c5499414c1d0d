import * as vscode from 'vscode';
import { isFile } from '../../../data/readers/files';
import { experimentPath, LOG_FILES } from '../../../trainapp/experiments/layout';
import type { CommandHandler, TreeCommandId, WorkbenchHost } from '../contract';
import { trainsNow } from '../pick/experiments';
import { reportingErrors } from '../reportError';
import type { RunServices } from '../runs/types';
import { settings } from '../settings';
import { treeTargetOf } from '../treeTarget';
import { UserError } from '../userError';
import { deletionTargets, planDeletion, removeExperiments } from './deletion';
import { runLabel } from '../words';
import type { ExperimentTreeProvider } from './provider';
import { revealPath } from './reveal';

// The tree's own commands on a run: reveal it, open its experiment_info.json or its log, delete it.
// Refresh and Create Sample Training Setup sit in the view's title bar.

type TreeRunCommand = Exclude<TreeCommandId, 'trainStudio.createSample'>;

const FROM_THE_TREE = 'Run it on an experiment in the Train Studio Experiments view.';

function experimentDirOf(argument: unknown): string {
  const dir = treeTargetOf(argument)?.experimentDir;
  if (dir === undefined) throw new UserError('No experiment is selected.', FROM_THE_TREE);
  return dir;
}

async function openFile(file: string, what: string, hint: string): Promise<void> {
  if (!isFile(file)) throw new UserError(`${file} does not exist: ${what}.`, hint);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}

async function deleteExperiments(
  clicked: unknown,
  selected: unknown,
  runs: RunServices,
): Promise<readonly string[]> {
  const plan = planDeletion(deletionTargets(clicked, selected), {
    experimentsDirs: (vscode.workspace.workspaceFolders ?? []).map((folder) =>
      settings.experimentsDir(folder),
    ),
    isLive: (dir) => trainsNow(dir, runs),
  });
  const choice = await vscode.window.showWarningMessage(
    plan.message,
    { modal: true, detail: plan.detail },
    'Delete',
  );
  if (choice !== 'Delete') return [];
  const removed = await removeExperiments(plan.dirs, {
    trash: (dir) => vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: true }),
    remove: (dir) => vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: false }),
  });
  const names = removed.map((removal) => runLabel(removal.dir)).join(', ');
  const where = removed.every((removal) => removal.trashed)
    ? 'moved to the trash'
    : 'deleted for good where the file system has no trash';
  void vscode.window.showInformationMessage(`${names}: ${where}.`);
  return removed.map((removal) => removal.dir);
}

export function treeRunCommands(
  host: WorkbenchHost,
  runs: RunServices,
  provider: ExperimentTreeProvider,
): Readonly<Record<TreeRunCommand, CommandHandler>> {
  return {
    'trainStudio.refreshExperiments': () => {
      provider.refresh();
    },
    'trainStudio.revealExperiment': reportingErrors(host.output, 'Reveal experiment', (argument) =>
      revealPath(experimentDirOf(argument)),
    ),
    'trainStudio.openExperimentInfo': reportingErrors(host.output, 'Open experiment_info.json', (argument) =>
      openFile(
        experimentPath.info(experimentDirOf(argument)),
        'the folder has no experiment_info.json',
        'A run writes it as it starts; if none is starting there, the folder is not an experiment.',
      ),
    ),
    'trainStudio.showRunLog': reportingErrors(host.output, 'Show log', (argument) =>
      openFile(
        experimentPath.log(experimentDirOf(argument), LOG_FILES.train),
        'the run has no log yet',
        'A run writes its log as it starts; the output channel has what happened before that.',
      ),
    ),
    'trainStudio.deleteExperiment': reportingErrors(
      host.output,
      'Delete experiment',
      async (clicked, selected) => {
        const deleted = await deleteExperiments(clicked, selected, runs);
        if (deleted.length > 0) provider.refresh();
        return deleted;
      },
    ),
  };
}
