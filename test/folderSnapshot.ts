// The snapshot that shows a failed command (export, benchmark, evaluate) left a folder exactly as it was.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir` with its size, modification time and content hash; logs/ aside. */
export function folderSnapshot(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      const relative = path.relative(dir, file);
      // A failed command writes its problem (and a framework's stack) to the run log: that is its job.
      if (relative === 'logs') continue;
      if (entry.isDirectory()) {
        snapshot[`${relative}/`] = 'folder';
        walk(file);
        continue;
      }
      const stat = fs.statSync(file);
      const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
      snapshot[relative] = `${String(stat.size)} bytes, mtime ${String(stat.mtimeMs)}, ${hash}`;
    }
  };
  walk(dir);
  return snapshot;
}
