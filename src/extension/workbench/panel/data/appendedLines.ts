import fs from 'node:fs';

// One file another process appends lines to, read a piece at a time: each read returns the lines completed
// since the last one. The byte offset is kept, and so is a line still being written (its bytes, so that a
// character cut in two is decoded whole once the rest arrives).

export interface TailStart {
  /** On a read from the start of the file, read at most this many bytes from its end. */
  readonly bytes: number;
  /** ...and return at most this many of the last lines. */
  readonly lines: number;
}

export interface AppendedRead {
  readonly lines: readonly string[];
  /** The file shrank or was replaced since the last read: what was read before is gone. */
  readonly replaced: boolean;
}

const NEWLINE = 0x0a;
const NOTHING: AppendedRead = { lines: [], replaced: false };

function splitLines(bytes: Buffer): { complete: string[]; rest: Buffer } {
  const complete: string[] = [];
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    complete.push(bytes.toString('utf8', start, end).replace(/\r$/u, ''));
    start = end + 1;
  }
  return { complete, rest: bytes.subarray(start) };
}

export class AppendedLines {
  private offset = 0;
  private pending: Buffer = Buffer.alloc(0);
  /** device and inode of the file read so far: a new file under the same name has another. */
  private identity: string | undefined;

  constructor(
    readonly file: string,
    private readonly tailStart?: TailStart,
  ) {}

  /** Forgets everything read: the next read starts again at the beginning of the file. */
  restart(): void {
    this.offset = 0;
    this.pending = Buffer.alloc(0);
    this.identity = undefined;
  }

  /** The lines completed since the last read; none while the file does not exist or cannot be read. */
  read(): AppendedRead {
    let descriptor: number;
    try {
      descriptor = fs.openSync(this.file, 'r');
    } catch {
      return NOTHING;
    }
    try {
      const stat = fs.fstatSync(descriptor);
      const identity = `${String(stat.dev)}:${String(stat.ino)}`;
      if (this.identity !== undefined && (identity !== this.identity || stat.size < this.offset)) {
        return { lines: [], replaced: true };
      }
      this.identity = identity;
      return { lines: this.readFrom(descriptor, stat.size), replaced: false };
    } finally {
      fs.closeSync(descriptor);
    }
  }

  private readFrom(descriptor: number, size: number): string[] {
    const tail = this.offset === 0 ? this.tailStart : undefined;
    const cut = tail !== undefined && size > tail.bytes;
    if (cut) this.offset = size - tail.bytes;
    const length = size - this.offset;
    if (length <= 0) return [];
    const chunk = Buffer.alloc(length);
    const read = fs.readSync(descriptor, chunk, 0, length, this.offset);
    this.offset += read;
    const { complete, rest } = splitLines(Buffer.concat([this.pending, chunk.subarray(0, read)]));
    this.pending = Buffer.from(rest);
    // Starting mid-file, the first line is a piece of one.
    const lines = cut ? complete.slice(1) : complete;
    return tail === undefined ? lines : lines.slice(-tail.lines);
  }
}
