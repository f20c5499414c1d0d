import type { CommandContext } from '../commands/context';
import type { WatchedFolder } from '../tree/watcher';
import type { PathGuard } from './pathGuard';

// What a training panel is given by the panels' host (index.ts): shared by all its panels.

export interface PanelServices {
  readonly commands: CommandContext;
  /** What every path a page names must pass; its roots() are the folders the panel reads and lists. */
  readonly guard: PathGuard;
  /** Each workspace folder with its experiments folder, now: what the experiments watchers watch. */
  readonly watchedFolders: () => WatchedFolder[];
  /** Opens (or reveals) the edit panel of an app_state file: where a fine-tune goes. */
  readonly openEditPanel: (appStateFile: string) => void;
}
