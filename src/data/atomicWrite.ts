import fs from 'node:fs';
import path from 'node:path';

// Every file Train Studio writes goes through here: a reader never sees half a file, and a crash mid-write
// leaves the previous version in place.

/** Writes to a temporary file beside the target, then renames it over the target. */
export function writeFileAtomic(filePath: string, contents: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${String(process.pid)}.${String(Date.now())}.tmp`;
  try {
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, filePath);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** JSON with two-space indentation and a final newline, so that the file diffs cleanly. */
export function writeJsonAtomic(filePath: string, value: unknown): void {
  writeFileAtomic(filePath, `${JSON.stringify(value, null, 2)}\n`);
}
