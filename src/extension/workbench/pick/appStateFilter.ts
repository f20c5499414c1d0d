import { isInsideFolder } from '../../../data/paths';
import { byName } from '../../../data/readers/files';

/**
 * Of the app_state files found in `folder`, those the workspace offers (tasks, Run and Debug, the pickers),
 * absolute, in name order. The copies under the experiments folder belong to past runs; they are left out
 * by path rather than by a search glob, since the folder's name may hold glob characters.
 */
export function offeredAppStates(folder: string, found: readonly string[], experimentsDir: string): string[] {
  return found
    .filter((file) => isInsideFolder(file, folder) && !isInsideFolder(file, experimentsDir))
    .sort(byName);
}
