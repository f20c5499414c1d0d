import * as vscode from 'vscode';
import { checkpointsOf } from '../../../trainapp/experiments';
import type { WorkspaceExperiment } from './experiments';
import { UserError } from '../userError';

// A checkpoint of one experiment, as the tree lists them (checkpointsOf): best, last, then newest first.

export async function pickCheckpoint(
  experiment: WorkspaceExperiment,
  title: string,
): Promise<string | undefined> {
  const checkpoints = checkpointsOf(experiment.dir, experiment.info);
  if (checkpoints.length === 0) {
    throw new UserError(
      `${experiment.info.experiment_name} has no checkpoints.`,
      'It stopped before its first checkpoint was saved; train it again.',
    );
  }
  const picked = await vscode.window.showQuickPick(
    checkpoints.map(({ name, best, last }) => {
      const marks = [...(best ? ['best'] : []), ...(last ? ['last'] : [])];
      return { label: name, ...(marks.length === 0 ? {} : { description: marks.join(' · ') }) };
    }),
    { title, placeHolder: `A checkpoint of ${experiment.info.experiment_name}` },
  );
  return picked?.label;
}
