import fs from 'node:fs';
import path from 'node:path';

// Logs grow while a run goes on, so they are appended to rather than rewritten atomically. Each record
// goes to the operating system in one synchronous write: a crash of the process loses at most the record
// being written, and another reader never sees half of one (short of a power cut, which the OS decides).

export interface AppendOptions {
  /** Create the file, failing with EEXIST when it is there already. */
  readonly exclusive?: boolean;
  /** The file holds lines: a last line cut by a crash is ended first, so the next line starts on its own. */
  readonly lines?: boolean;
}

const NEWLINE = 0x0a;

function endsMidLine(descriptor: number): boolean {
  const { size } = fs.fstatSync(descriptor);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  fs.readSync(descriptor, last, 0, 1, size - 1);
  return last[0] !== NEWLINE;
}

export class AppendOnlyFile {
  private descriptor: number | undefined;

  constructor(
    readonly file: string,
    options: AppendOptions = {},
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.descriptor = fs.openSync(file, options.exclusive ? 'ax' : 'a+');
    if (options.lines && endsMidLine(this.descriptor)) this.append('\n');
  }

  append(contents: string | Uint8Array): void {
    if (this.descriptor === undefined) throw new Error(`${this.file} was closed before this write`);
    const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
    let written = fs.writeSync(this.descriptor, bytes);
    // Only a full disk or a signal makes a regular file take less than all of it.
    while (written < bytes.length) written += fs.writeSync(this.descriptor, bytes, written);
  }

  close(): void {
    if (this.descriptor === undefined) return;
    fs.closeSync(this.descriptor);
    this.descriptor = undefined;
  }
}
