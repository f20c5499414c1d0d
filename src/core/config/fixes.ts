import type { ConfigDocument } from './document';
import type { LocatedEntry, LocatedNode, LocatedObject, ScalarValue } from './located';
import { renderScalar } from './schemaText';
import type { ConfigSyntax } from './kinds';
import type { OffsetFix } from './types';

// Quick fixes as text edits: rename a key, replace a value, insert a missing key. Insertions follow the
// file's own layout: its indentation unit, the indentation of the neighbouring keys, JSON's commas, and
// one-line objects stay on one line.

const isScalarValue = (value: unknown): value is ScalarValue =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** A key as written in this syntax: JSON always quotes it; YAML only when it must. */
export const renderKey = (key: string, syntax: ConfigSyntax): string =>
  syntax === 'json' ? JSON.stringify(key) : renderScalar(key, 'yaml');

/** A value on one line: `{"a": 1}` in JSON, `{a: 1}` in YAML. */
function renderInline(value: unknown, syntax: ConfigSyntax): string {
  if (isScalarValue(value)) return renderScalar(value, syntax);
  if (Array.isArray(value)) return `[${value.map((item) => renderInline(item, syntax)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${renderKey(key, syntax)}: ${renderInline(item, syntax)}`).join(', ')}}`;
}

const isFilledObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;

/** `key: value` for the inside of a multi-line object whose keys start at `indent`. */
function renderMember(
  key: string,
  value: unknown,
  syntax: ConfigSyntax,
  indent: string,
  unit: string,
): string {
  const name = renderKey(key, syntax);
  if (!isFilledObject(value)) return `${name}: ${renderInline(value, syntax)}`;
  const inner = indent + unit;
  const members = Object.entries(value).map(([childKey, child]) =>
    renderMember(childKey, child, syntax, inner, unit),
  );
  if (syntax === 'yaml') return `${name}:${members.map((member) => `\n${inner}${member}`).join('')}`;
  return `${name}: {${members.map((member) => `\n${inner}${member}`).join(',')}\n${indent}}`;
}

/** The indentation step the file uses (its first indented line), or two spaces. */
function indentUnit(text: string): string {
  return /^[^\S\r\n]*\S.*\r?\n([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
}

export function renameKeyFix(entry: LocatedEntry, key: string, syntax: ConfigSyntax): OffsetFix {
  const { start, end } = entry.keySpan;
  return { title: `Rename to \`${key}\``, edits: [{ start, end, newText: renderKey(key, syntax) }] };
}

export function replaceValueFix(node: LocatedNode, value: ScalarValue, syntax: ConfigSyntax): OffsetFix {
  const newText = renderScalar(value, syntax);
  return { title: `Change to \`${String(value)}\``, edits: [{ start: node.start, end: node.end, newText }] };
}

export function insertKeyFix(
  document: ConfigDocument,
  object: LocatedObject,
  key: string,
  value: unknown,
): OffsetFix {
  const { text, syntax, lines } = document;
  const unit = indentUnit(text);
  const title = `Add \`${key}\``;
  const lineOf = (offset: number): number => lines.positionAt(offset).line;
  // The whitespace before a key, tabs kept; a YAML `- ` before it counts as indentation.
  const indentBefore = (offset: number): string => {
    const { line, character } = lines.positionAt(offset);
    return lines.lineText(line).slice(0, character).replace(/\S/g, ' ');
  };
  const isFlow = syntax === 'json' || text[object.start] === '{';
  const last = object.entries[object.entries.length - 1];
  if (!last) {
    // Only a flow object can be empty: `{}`, on one line or two.
    const open = object.start + 1;
    if (lineOf(object.start) === lineOf(object.end)) {
      return {
        title,
        edits: [
          { start: open, end: open, newText: `${renderKey(key, syntax)}: ${renderInline(value, syntax)}` },
        ],
      };
    }
    const indent = (/^[ \t]*/.exec(lines.lineText(lineOf(object.start)))?.[0] ?? '') + unit;
    const newText = `\n${indent}${renderMember(key, value, syntax, indent, unit)}`;
    return { title, edits: [{ start: open, end: open, newText }] };
  }
  const valueEnd = last.value.end;
  if (isFlow) {
    const inline = lineOf(last.keySpan.start) === lineOf(object.start);
    const indent = indentBefore(last.keySpan.start);
    const newText = inline
      ? `, ${renderKey(key, syntax)}: ${renderInline(value, syntax)}`
      : `,\n${indent}${renderMember(key, value, syntax, indent, unit)}`;
    return { title, edits: [{ start: valueEnd, end: valueEnd, newText }] };
  }
  const indent = indentBefore(last.keySpan.start);
  const member = renderMember(key, value, syntax, indent, unit);
  // A YAML block scalar ends after its line break: insert right there. Otherwise after the rest of the
  // value's line, so that a trailing comment stays where it is.
  if (text[valueEnd - 1] === '\n')
    return { title, edits: [{ start: valueEnd, end: valueEnd, newText: `${indent}${member}\n` }] };
  const lineEnd = lines.lineEndOf(lineOf(valueEnd));
  return { title, edits: [{ start: lineEnd, end: lineEnd, newText: `\n${indent}${member}` }] };
}
