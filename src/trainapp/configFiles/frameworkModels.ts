import fs from 'node:fs';
import { ModelsJson, modelDisplayName } from '../../core/schemas';

// An app_state's model name is checked on every keystroke, so a framework's models.json is read once and
// again only when it changes on disk.

interface CachedNames {
  readonly mtimeMs: number;
  readonly size: number;
  readonly names: readonly string[] | undefined;
}

const cache = new Map<string, CachedNames>();

/** The names a models.json offers; undefined when the file is absent or not a valid models.json. */
export function readModelNames(modelsJsonPath: string): readonly string[] | undefined {
  const stat = fs.statSync(modelsJsonPath, { throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  const cached = cache.get(modelsJsonPath);
  if (cached?.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.names;
  const names = parseModelNames(fs.readFileSync(modelsJsonPath, 'utf8'));
  cache.set(modelsJsonPath, { mtimeMs: stat.mtimeMs, size: stat.size, names });
  return names;
}

function parseModelNames(text: string): readonly string[] | undefined {
  try {
    const parsed = ModelsJson.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    return parsed.data.map(modelDisplayName).filter((name) => name !== undefined);
  } catch {
    // A broken models.json gets its own diagnostics when it is open; here it just offers no names.
    return undefined;
  }
}
