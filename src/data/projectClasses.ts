import fs from 'node:fs';
import path from 'node:path';
import { readClassTitles } from './readers';
import { ANNOTATIONS_FOLDER } from './readers/coco';

// The class titles of a project, for checks that run while the user types (app_state's `classes`). They
// come from the project's meta alone (meta.json, COCO categories, data.yaml names, class folders), and are
// kept until a file they come from may have changed: a COCO file can be large, and is parsed whole.

interface CachedClasses {
  readonly signature: string;
  readonly titles: readonly string[] | undefined;
}

const cache = new Map<string, CachedClasses>();

function entrySignatures(dir: string): string[] {
  const names = fs.readdirSync(dir, { withFileTypes: true });
  return names
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
      return `${name}:${String(stat?.size)}:${String(stat?.mtimeMs)}`;
    });
}

/**
 * Size and modification time of every entry at the top of the project and in COCO's annotations/ folder:
 * every file the class titles are read from lies there.
 */
function metaSignature(projectDir: string): string {
  const annotations = path.join(projectDir, ANNOTATIONS_FOLDER);
  const nested = fs.statSync(annotations, { throwIfNoEntry: false })?.isDirectory()
    ? entrySignatures(annotations)
    : [];
  return [...entrySignatures(projectDir), ...nested].join('|');
}

function readTitles(projectDir: string): readonly string[] | undefined {
  try {
    return readClassTitles(projectDir);
  } catch {
    // A project that cannot be read says why in `train-studio inspect` and when a run starts; here it
    // simply offers no classes to check against.
    return undefined;
  }
}

/** The project's class titles, or undefined when the folder holds no readable dataset. */
export function listProjectClasses(projectDir: string): readonly string[] | undefined {
  const signature = metaSignature(projectDir);
  const cached = cache.get(projectDir);
  if (cached?.signature === signature) return cached.titles;
  const titles = readTitles(projectDir);
  cache.set(projectDir, { signature, titles });
  return titles;
}
