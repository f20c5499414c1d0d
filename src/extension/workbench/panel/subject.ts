import path from 'node:path';
import { EXPERIMENT_FILES } from '../../../trainapp/experiments/layout';

// No vscode. What a panel shows: an app_state file it edits, or an experiment it shows read-only through
// the experiment's copy of its settings. One panel per subject: opening it again reveals that panel.

export type PanelSubject =
  | { readonly mode: 'edit'; readonly appStateFile: string }
  | { readonly mode: 'readOnly'; readonly appStateFile: string; readonly experimentDir: string };

export const editSubject = (appStateFile: string): PanelSubject => ({
  mode: 'edit',
  appStateFile: path.resolve(appStateFile),
});

export function experimentSubject(experimentDir: string): PanelSubject {
  const dir = path.resolve(experimentDir);
  return { mode: 'readOnly', appStateFile: path.join(dir, EXPERIMENT_FILES.appState), experimentDir: dir };
}

export const subjectKey = (subject: PanelSubject): string =>
  subject.mode === 'readOnly' ? `experiment:${subject.experimentDir}` : `edit:${subject.appStateFile}`;
