import fs from 'node:fs';
import path from 'node:path';

// Checkpoints must survive a kill -9 (and, as far as the OS allows, a power cut) at any instant: contents
// are flushed to disk before the rename that publishes them, and the rename itself is flushed with the
// folder, so a reader sees either the previous file or the complete new one.

/** Suffix of the temporary files a write leaves behind only when it is killed. */
export const TEMPORARY_SUFFIX = '.tmp';

function fsyncFolder(folder: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(folder, 'r');
    fs.fsyncSync(descriptor);
  } catch {
    // Windows cannot open or flush a folder; its rename is durable enough for our purpose there.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

/** Writes to a temporary file beside the target, flushes it, renames it over the target, flushes the folder. */
export function writeFileDurable(filePath: string, contents: Uint8Array | string): void {
  const folder = path.dirname(filePath);
  fs.mkdirSync(folder, { recursive: true });
  const temporary = `${filePath}.${String(process.pid)}${TEMPORARY_SUFFIX}`;
  try {
    const descriptor = fs.openSync(temporary, 'w');
    try {
      fs.writeFileSync(descriptor, contents);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, filePath);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fsyncFolder(folder);
}
