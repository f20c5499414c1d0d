import type { CompletionContext } from './completionContext';
import type { PathSegment, ScalarValue } from './located';
import type { LineIndex } from './position';

// The completion context in block-style YAML, read from indentation: the parent keys are the nearest
// less-indented `key:` lines above the cursor, the siblings are the lines at the cursor's indentation.
// A half-typed key on a line of its own, which YAML itself cannot parse yet, is read the same way.

/** `  key: value  # comment` → indentation, key, and the value text; undefined for other lines. */
const KEY_LINE = /^( *)([^\s#:'"{}[\],-][^:#]*?|"[^"]*"|'[^']*') *:(?: +([^#]*?))? *(?:#.*)?$/;
/** The cursor's line before the cursor, for a key being typed: indentation and partial word. */
const TYPING_KEY = /^( *)([\w.$-]*)$/;
/** …for a value being typed: `key: partial`, or an item of a list: `- partial`. */
const TYPING_VALUE = /^( *)([^\s#:'"{}[\],-][^:#]*?) *: +(["']?[^\s#"',[\]{}]*)$/;
const TYPING_ITEM = /^( *)- +(["']?[^\s#"',[\]{}]*)$/;
/** …for an item of a one-line list: `key: [a, partial`. */
const TYPING_FLOW_ITEM = /^( *)([^\s#:'"{}[\],-][^:#]*?) *: *\[(?:[^\]]*,)? *(["']?[^\s#"',[\]{}]*)$/;
const WORD_REST = /^[\w.$-]*["']?/;

const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;
const isBlank = (line: string): boolean => /^\s*(?:#.*)?$/.test(line);
const unquote = (key: string): string => key.replace(/^(["'])(.*)\1$/, '$2');

function scalarOf(text: string | undefined): ScalarValue | undefined {
  if (text === undefined || text === '') return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~') return null;
  const number = Number(text);
  return Number.isNaN(number) ? unquote(text) : number;
}

interface Level {
  readonly path: PathSegment[];
  readonly keys: Set<string>;
  readonly scalars: Map<string, ScalarValue>;
}

/** The object whose keys sit at `indent` around line `cursorLine`: its path, keys and scalars. */
function levelAt(lines: LineIndex, cursorLine: number, indent: number): Level | undefined {
  const path: PathSegment[] = [];
  const keys = new Set<string>();
  const scalars = new Map<string, ScalarValue>();
  const sibling = (line: string): void => {
    const match = KEY_LINE.exec(line);
    if (!match || indentOf(line) !== indent) return;
    const key = unquote(match[2] ?? '');
    keys.add(key);
    const scalar = scalarOf(match[3]);
    if (scalar !== undefined) scalars.set(key, scalar);
  };
  for (let line = cursorLine + 1; line < lines.lineCount; line += 1) {
    const text = lines.lineText(line);
    if (isBlank(text)) continue;
    if (indentOf(text) < indent) break;
    sibling(text);
  }
  let wanted = indent;
  // Upwards: siblings until the parent, then each less-indented `key:` up to the top level.
  for (let line = cursorLine - 1; line >= 0 && (wanted > 0 || indent === 0); line -= 1) {
    const text = lines.lineText(line);
    if (isBlank(text)) continue;
    const lineIndent = indentOf(text);
    if (lineIndent === indent && wanted === indent) sibling(text);
    if (lineIndent >= wanted) continue;
    // A less-indented line is the parent; only a `key:` with nothing after it can hold a mapping.
    const match = KEY_LINE.exec(text);
    if (!match || match[3]) return undefined;
    path.unshift(unquote(match[2] ?? ''));
    wanted = lineIndent;
  }
  return wanted === 0 || indent === 0 ? { path, keys, scalars } : undefined;
}

export function yamlCompletionContext(lines: LineIndex, offset: number): CompletionContext | undefined {
  const { line, character } = lines.positionAt(offset);
  const lineText = lines.lineText(line);
  const before = lineText.slice(0, character);
  const after = lineText.slice(character);
  const rest = WORD_REST.exec(after)?.[0] ?? '';
  const replaceFrom = (typedLength: number) => ({ start: offset - typedLength, end: offset + rest.length });

  const key = TYPING_KEY.exec(before);
  if (key) {
    const indent = key[1]?.length ?? 0;
    const typed = key[2] ?? '';
    const level = levelAt(lines, line, indent);
    if (!level) return undefined;
    return {
      path: level.path,
      target: 'key',
      scalarsAlong: [...level.path.map(() => new Map<string, ScalarValue>()), level.scalars],
      presentKeys: level.keys,
      replace: replaceFrom(typed.length),
      colonFollows: after.slice(rest.length).trimStart().startsWith(':'),
    };
  }
  const scalarValue = TYPING_VALUE.exec(before);
  const flowItem = scalarValue ? undefined : TYPING_FLOW_ITEM.exec(before);
  const value = scalarValue ?? flowItem;
  const item = value ? undefined : TYPING_ITEM.exec(before);
  const match = value ?? item;
  if (!match) return undefined;
  const indent = match[1]?.length ?? 0;
  const typed = (value ? value[3] : item?.[2]) ?? '';
  // A `- item` line belongs to the key above it, one level out.
  const level = value ? levelAt(lines, line, indent) : parentOfItem(lines, line, indent);
  if (!level) return undefined;
  const path: PathSegment[] = value
    ? [...level.path, unquote(value[2] ?? ''), ...(flowItem ? [0] : [])]
    : [...level.path, 0];
  return {
    path,
    target: 'value',
    scalarsAlong: [...level.path.map(() => new Map<string, ScalarValue>()), level.scalars],
    presentKeys: new Set(),
    replace: replaceFrom(typed.length),
    colonFollows: false,
  };
}

/** The list a `- item` line is in: the nearest `key:` line above with less or equal indentation. */
function parentOfItem(lines: LineIndex, itemLine: number, indent: number): Level | undefined {
  for (let line = itemLine - 1; line >= 0; line -= 1) {
    const text = lines.lineText(line);
    if (isBlank(text) || /^ *- /.test(text)) continue;
    const match = KEY_LINE.exec(text);
    const lineIndent = indentOf(text);
    if (!match || match[3] || lineIndent > indent) return undefined;
    const level = levelAt(lines, line, lineIndent);
    return level && { ...level, path: [...level.path, unquote(match[2] ?? '')] };
  }
  return undefined;
}
