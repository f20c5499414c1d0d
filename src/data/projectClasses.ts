import fs from 'node:fs';
import path from 'node:path';
import { ProjectMeta } from '../core/schemas';
import { READ_POLICIES } from './errors';
import { readDataset } from './readers';
import { SUPERVISELY_META_FILE } from './readers/supervisely';

// The class titles of a project, for checks that run while the user types (app_state's `classes`). A
// Supervisely project lists them in meta.json; other formats need their index read, which is kept until
// a file at the top of the project changes.

interface CachedClasses {
  readonly signature: string;
  readonly titles: readonly string[] | undefined;
}

const cache = new Map<string, CachedClasses>();

/** Size and modification time of every entry at the top of the folder: what a class change touches. */
function topLevelSignature(projectDir: string): string {
  return fs
    .readdirSync(projectDir)
    .sort()
    .map((name) => {
      const stat = fs.statSync(path.join(projectDir, name), { throwIfNoEntry: false });
      return `${name}:${String(stat?.size)}:${String(stat?.mtimeMs)}`;
    })
    .join('|');
}

function readTitles(projectDir: string): readonly string[] | undefined {
  try {
    const metaPath = path.join(projectDir, SUPERVISELY_META_FILE);
    if (fs.existsSync(metaPath)) {
      const meta = ProjectMeta.safeParse(JSON.parse(fs.readFileSync(metaPath, 'utf8')));
      return meta.success ? meta.data.classes.map((entry) => entry.title) : undefined;
    }
    return readDataset(projectDir, { policy: READ_POLICIES.skip }).meta.classes.map((entry) => entry.title);
  } catch {
    // A project that cannot be read says why in `train-studio inspect` and when a run starts; here it
    // simply offers no classes to check against.
    return undefined;
  }
}

/** The project's class titles, or undefined when the folder holds no readable dataset. */
export function listProjectClasses(projectDir: string): readonly string[] | undefined {
  const signature = topLevelSignature(projectDir);
  const cached = cache.get(projectDir);
  if (cached?.signature === signature) return cached.titles;
  const titles = readTitles(projectDir);
  cache.set(projectDir, { signature, titles });
  return titles;
}
