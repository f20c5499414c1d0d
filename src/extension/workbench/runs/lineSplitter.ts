// A child's stdout and stderr arrive in chunks that cut lines anywhere: one line may span several chunks,
// and one chunk may hold several lines. The streams are decoded (setEncoding) before they get here, so a
// chunk never ends inside a character.

export class LineSplitter {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(withoutCarriageReturn(line));
  }

  /** The stream ended: a last line without its newline still counts. */
  end(): void {
    const last = this.pending;
    this.pending = '';
    if (last !== '') this.onLine(withoutCarriageReturn(last));
  }
}

/** Windows programs end lines with \r\n. */
const withoutCarriageReturn = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
