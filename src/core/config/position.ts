import type { Finding, OffsetFinding, Position, Range } from './types';

// Offsets ↔ positions. Line breaks are \n, \r\n and a lone \r, as VS Code counts them; characters are
// UTF-16 code units, which is what JavaScript string offsets already are.

export class LineIndex {
  /** Offset of the first character of each line; counted on first use, as a skipped file never needs it. */
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private get lineStarts(): number[] {
    this.starts ??= countLineStarts(this.text);
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStartOf(middle) <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - this.lineStartOf(low) };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStartOf(position.line);
    return Math.min(start + Math.max(0, position.character), this.lineEndOf(position.line));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineStartOf(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /** Offset just before the line break that ends `line` (or the end of the text). */
  lineEndOf(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    const beforeBreak = next - 1;
    return this.text[beforeBreak - 1] === '\r' && this.text[beforeBreak] === '\n'
      ? beforeBreak - 1
      : beforeBreak;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStartOf(line), this.lineEndOf(line));
  }
}

function countLineStarts(text: string): number[] {
  const starts = [0];
  for (let offset = 0; offset < text.length; offset += 1) {
    const code = text.charCodeAt(offset);
    if (code === 0x0d) {
      if (text.charCodeAt(offset + 1) === 0x0a) offset += 1;
      starts.push(offset + 1);
    } else if (code === 0x0a) {
      starts.push(offset + 1);
    }
  }
  return starts;
}

/** An offset finding, its fixes included, in line/character terms. */
export function locateFinding(finding: OffsetFinding, lines: LineIndex): Finding {
  return {
    severity: finding.severity,
    range: lines.rangeOf(finding.start, finding.end),
    message: finding.message,
    code: finding.code,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((edit) => ({ range: lines.rangeOf(edit.start, edit.end), newText: edit.newText })),
    })),
  };
}
