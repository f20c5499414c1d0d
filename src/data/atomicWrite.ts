import fs from 'node:fs';
import path from 'node:path';

// Every file Train Studio writes goes through here: a reader never sees half a file, and a crash mid-write
// leaves the previous version in place.

export interface AtomicWriteOptions {
  /**
   * Also flush the contents before the rename that publishes them, and the rename with its folder, so the
   * file survives a power cut as well as a kill (checkpoints). Costs a disk flush per write.
   */
  readonly durable?: boolean;
}

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

function writeAndFlush(filePath: string, contents: string | Uint8Array): void {
  const descriptor = fs.openSync(filePath, 'w');
  try {
    fs.writeFileSync(descriptor, contents);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Writes to a temporary file beside the target, then renames it over the target. */
export function writeFileAtomic(
  filePath: string,
  contents: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const folder = path.dirname(filePath);
  fs.mkdirSync(folder, { recursive: true });
  const temporary = `${filePath}.${String(process.pid)}.${String(Date.now())}.tmp`;
  try {
    if (options.durable) writeAndFlush(temporary, contents);
    else fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, filePath);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  if (options.durable) fsyncFolder(folder);
}

/** JSON with two-space indentation and a final newline, so that the file diffs cleanly. */
export function writeJsonAtomic(filePath: string, value: unknown, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(filePath, `${JSON.stringify(value, null, 2)}\n`, options);
}
