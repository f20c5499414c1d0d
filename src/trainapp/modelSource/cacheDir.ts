import os from 'node:os';
import path from 'node:path';

/** Overrides where downloads are cached, e.g. to share one cache between machines or keep it per project. */
export const CACHE_DIR_VARIABLE = 'TRAIN_STUDIO_CACHE';

/**
 * The per-user cache folder, where each platform expects caches: it can be deleted at any time and is
 * refilled on demand, so it never holds anything that exists only there.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env[CACHE_DIR_VARIABLE];
  if (override) return path.resolve(override);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'train-studio', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'train-studio');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'train-studio');
}
