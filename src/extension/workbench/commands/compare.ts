import * as vscode from 'vscode';
import { pickExperiments, workspaceExperiments } from '../pick/experiments';
import { workspaceLabel } from '../pick/workspace';
import { treeTargetsOf } from '../treeTarget';
import { UserError } from '../userError';
import { formatComparison } from '../../../trainapp/experiments/compare';
import type { CommandContext } from './context';

// Compare Experiments: the selected runs' evaluation metrics side by side, as a Markdown table in the
// Markdown preview of an untitled document (which can be saved, or copied into a report).

const TOO_FEW = new UserError(
  'Compare needs at least two experiments.',
  'Select several in the Experiments view (Ctrl or Cmd and click), or tick them in the list.',
);

export async function compare(
  context: CommandContext,
  clicked: unknown,
  selected: unknown,
): Promise<string | undefined> {
  const fromTree = [
    ...new Set(treeTargetsOf(clicked, selected).flatMap((target) => target.experimentDir ?? [])),
  ];
  let folders = fromTree;
  if (folders.length < 2) {
    const picked = await pickExperiments(
      workspaceExperiments(context.runs),
      {
        title: 'Compare Experiments',
        placeholder: 'Tick two experiments or more',
        none: new UserError('The workspace has no experiments to compare.', 'Train a few runs first.'),
      },
      fromTree,
    );
    if (!picked) return undefined;
    folders = picked.map((experiment) => experiment.dir);
  }
  if (folders.length < 2) throw TOO_FEW;
  const table = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Comparing experiments' },
    () => context.api.compare(folders),
  );
  const markdown = [
    '# Experiment comparison',
    '',
    formatComparison(table),
    '',
    ...table.experiments.map(
      (experiment) => `- ${experiment.name}: \`${workspaceLabel(experiment.folder)}\``,
    ),
    '',
  ].join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
  return markdown;
}
