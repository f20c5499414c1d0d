import type { ConfigDocument, Finding, Position, TextEdit } from '../../../src/core/config';
import { parseConfig } from '../../../src/core/config';
import type { ConfigKind } from '../../../src/core/names';

// Helpers shared by the config tests: findings as golden lines, edits applied to text, and documents
// with a cursor marked `|` in their text.

/** `line:column-line:column severity code message`, lines and columns 1-based as editors show them. */
export function formatFinding(finding: Finding): string {
  const { start, end } = finding.range;
  const span = `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
  return `${span} ${finding.severity} ${finding.code} ${finding.message}`;
}

function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + position.character;
}

/** The text with the edits applied; edits of one fix never overlap, so they apply from the last. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const located = edits.map((edit) => ({
    start: offsetAt(text, edit.range.start),
    end: offsetAt(text, edit.range.end),
    newText: edit.newText,
  }));
  located.sort((a, b) => b.start - a.start);
  return located.reduce(
    (result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end),
    text,
  );
}

/** A document from text holding one `|`, which marks the cursor and is removed. */
export function withCursor(
  kind: ConfigKind,
  marked: string,
): { document: ConfigDocument; position: Position } {
  const offset = marked.indexOf('|');
  if (offset === -1) throw new Error('no | cursor in the text');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1]?.length ?? 0 };
  return { document: parseConfig(kind, text), position };
}
