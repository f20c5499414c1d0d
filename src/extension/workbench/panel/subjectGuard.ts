import path from 'node:path';
import { isInsideFolder, realPathOf } from '../../../data/paths';
import type { PathGuard } from './pathGuard';
import type { PanelSubject } from './subject';

// No vscode. Which subjects a panel may be opened on, from a command's argument or a page's stored state after
// a reload (which the page wrote, so untrusted): an edit panel only on an app_state file the pickers offer
// (app_state.json or <name>.app_state.json in a workspace folder, not an experiment's copy), a read-only one
// only on an experiment folder of the experiments folders. Anything else would make any JSON file of the
// workspace (.vscode/settings.json) the file the panel writes.

/** The names APP_STATE_GLOB finds. */
export const isAppStateFileName = (file: string): boolean => {
  const name = path.basename(file);
  return name === 'app_state.json' || name.endsWith('.app_state.json');
};

/** Why the panel may not show `subject`; undefined when it may. */
export function subjectRefusal(subject: PanelSubject, guard: PathGuard): string | undefined {
  if (subject.mode === 'readOnly') {
    const experiment = guard.checkExperiment(subject.experimentDir);
    if (!experiment.allowed) return experiment.reason;
    const file = guard.check(subject.appStateFile);
    return file.allowed ? undefined : file.reason;
  }
  const file = subject.appStateFile;
  if (!isAppStateFileName(file))
    return `${file} is not an app_state file (app_state.json or <name>.app_state.json)`;
  const verdict = guard.check(file);
  if (!verdict.allowed) return verdict.reason;
  const real = realPathOf(file);
  const { workspaceFolders, experimentsDirs } = guard.roots();
  if (experimentsDirs.some((dir) => isInsideFolder(real, dir)))
    return `${file} is in an experiments folder: open its experiment instead, read-only`;
  if (!workspaceFolders.some((folder) => isInsideFolder(real, folder)))
    return `${file} is not in a workspace folder`;
  return undefined;
}
