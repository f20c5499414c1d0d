import fs from 'node:fs';
import path from 'node:path';

/**
 * A file that ships with Train Studio, found by searching upwards from `start` (a module's __dirname) and
 * trying each candidate path, relative to every folder on the way. One search serves both the bundles in
 * dist/ (the file beside them) and the compiled sources in out/ (the file under the package root), whose
 * folders differ in depth. Undefined when no candidate exists.
 */
export function findPackageFile(start: string, candidates: readonly string[]): string | undefined {
  for (let folder = start; ; folder = path.dirname(folder)) {
    for (const candidate of candidates) {
      const file = path.join(folder, candidate);
      if (fs.existsSync(file)) return file;
    }
    if (path.dirname(folder) === folder) return undefined;
  }
}
