import type { Span } from './located';

// JSON tokens with their offsets. The strict parser stops at the first problem a token reports; the
// completion context reads the same tokens but looks past problems, since a document being typed is
// rarely valid.

export type JsonTokenKind =
  '{' | '}' | '[' | ']' | ':' | ',' | 'string' | 'number' | 'word' | 'comment' | 'invalid' | 'end';

export interface JsonProblem extends Span {
  readonly message: string;
}

export interface JsonToken extends Span {
  readonly kind: JsonTokenKind;
  /** The decoded text of a string, the source text of a word, number or invalid character. */
  readonly text: string;
  /** Strings only: whether the closing quote is there. */
  readonly terminated?: boolean;
  readonly problem?: JsonProblem;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', ':', ',']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[\w$.+-]+/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HEX4 = /^[0-9a-fA-F]{4}$/;

const isWhitespace = (code: number): boolean =>
  code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;

function describeControl(code: number): string {
  if (code === 0x0a || code === 0x0d) return 'A line break inside a string must be written \\n.';
  if (code === 0x09) return 'A tab inside a string must be written \\t.';
  return `Control character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed inside a string; write it as an escape such as \\u${code.toString(16).padStart(4, '0')}.`;
}

export class JsonScanner {
  private offset = 0;

  constructor(private readonly text: string) {}

  get position(): number {
    return this.offset;
  }

  /** The next token; after the last one, an 'end' token at the end of the text, again and again. */
  next(): JsonToken {
    const { text } = this;
    while (this.offset < text.length && isWhitespace(text.charCodeAt(this.offset))) this.offset += 1;
    const start = this.offset;
    if (start >= text.length) return { kind: 'end', start, end: start, text: '' };
    const char = text.charAt(start);
    if (PUNCTUATION.has(char)) {
      this.offset += 1;
      return { kind: char as JsonTokenKind, start, end: start + 1, text: char };
    }
    if (char === '"') return this.string(start);
    if (char === '/' && (text[start + 1] === '/' || text[start + 1] === '*')) return this.comment(start);
    NUMBER.lastIndex = start;
    WORD.lastIndex = start;
    const number = NUMBER.exec(text)?.[0];
    const word = WORD.exec(text)?.[0];
    if (number !== undefined && number.length === word?.length) {
      this.offset += number.length;
      return { kind: 'number', start, end: this.offset, text: number };
    }
    if (word !== undefined) {
      this.offset += word.length;
      const end = this.offset;
      const isNumberLike = /^[-+.\d]/.test(word);
      const problem = isNumberLike
        ? { start, end, message: `\`${word}\` is not a valid JSON number.` }
        : undefined;
      return { kind: isNumberLike ? 'invalid' : 'word', start, end, text: word, problem };
    }
    // One whole code point, so that an emoji is reported as one character.
    const codePoint = String.fromCodePoint(text.codePointAt(start) ?? 0);
    this.offset += codePoint.length;
    const message =
      char === "'"
        ? 'Strings in JSON use double quotes, not single quotes.'
        : `Unexpected character \`${codePoint}\`.`;
    return {
      kind: 'invalid',
      start,
      end: this.offset,
      text: codePoint,
      problem: { start, end: this.offset, message },
    };
  }

  private comment(start: number): JsonToken {
    const { text } = this;
    const block = text[start + 1] === '*';
    const close = block ? text.indexOf('*/', start + 2) : -1;
    let end: number;
    if (block) end = close === -1 ? text.length : close + 2;
    else {
      const lineBreak = text.slice(start).search(/[\r\n]/);
      end = lineBreak === -1 ? text.length : start + lineBreak;
    }
    this.offset = end;
    const problem = { start, end, message: 'Comments are not allowed in JSON; remove it.' };
    return { kind: 'comment', start, end, text: text.slice(start, end), problem };
  }

  private string(start: number): JsonToken {
    const { text } = this;
    let decoded = '';
    let problem: JsonProblem | undefined;
    let offset = start + 1;
    const note = (span: Span, message: string): void => {
      problem ??= { ...span, message };
    };
    while (offset < text.length) {
      const code = text.charCodeAt(offset);
      if (code === 0x22) {
        this.offset = offset + 1;
        return { kind: 'string', start, end: this.offset, text: decoded, terminated: true, problem };
      }
      if (code === 0x0a || code === 0x0d) break;
      if (code < 0x20) {
        note({ start: offset, end: offset + 1 }, describeControl(code));
        decoded += text.charAt(offset);
        offset += 1;
      } else if (code === 0x5c) {
        const escaped = decodeEscape(text, offset);
        if (escaped.problem) note(escaped.problem, escaped.problem.message);
        decoded += escaped.value;
        offset += escaped.length;
      } else {
        decoded += text.charAt(offset);
        offset += 1;
      }
    }
    this.offset = offset;
    note({ start, end: offset }, 'This string has no closing `"`.');
    return { kind: 'string', start, end: offset, text: decoded, terminated: false, problem };
  }
}

interface DecodedEscape {
  readonly value: string;
  /** Source characters the escape takes, backslash included. */
  readonly length: number;
  readonly problem?: JsonProblem;
}

function decodeEscape(text: string, backslash: number): DecodedEscape {
  const letter = text.charAt(backslash + 1);
  const simple = ESCAPES[letter];
  if (simple !== undefined) return { value: simple, length: 2 };
  if (letter === 'u') {
    const hex = text.slice(backslash + 2, backslash + 6);
    if (HEX4.test(hex)) return { value: String.fromCharCode(parseInt(hex, 16)), length: 6 };
  }
  const length = letter === '' || letter === '\n' || letter === '\r' ? 1 : 2;
  const message = `Invalid escape \`${text.slice(backslash, backslash + (letter === 'u' ? 6 : 2)).trim()}\`; JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`;
  // An invalid escape stands for its letter, so that the decoded text keeps one unit per source start.
  const value = length === 2 ? letter : '';
  return { value, length, problem: { start: backslash, end: backslash + length, message } };
}

/**
 * Maps each character index of a JSON string's decoded text to its offset in the document, given the
 * offset of the opening quote. Index `length` maps to the closing quote (or the end of the text).
 */
export function jsonStringOffsets(text: string, quote: number): number[] {
  const offsets: number[] = [];
  let offset = quote + 1;
  while (offset < text.length) {
    const code = text.charCodeAt(offset);
    if (code === 0x22 || code === 0x0a || code === 0x0d) break;
    // Every escape decodes to at most one UTF-16 unit, so each decoded unit has exactly one source start.
    const escape = code === 0x5c ? decodeEscape(text, offset) : undefined;
    if (escape?.value !== '') offsets.push(offset);
    offset += escape?.length ?? 1;
  }
  offsets.push(offset);
  return offsets;
}
