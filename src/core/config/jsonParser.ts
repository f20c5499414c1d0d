import type { LocatedArray, LocatedEntry, LocatedNode, LocatedObject, LocatedScalar, Span } from './located';
import { JsonScanner, jsonStringOffsets } from './jsonScanner';
import type { JsonToken, JsonTokenKind } from './jsonScanner';
import { MAX_NESTING_DEPTH } from './limits';
import type { ParsedSyntax } from './parsedSyntax';
import { tooDeepFinding } from './parsedSyntax';
import type { OffsetFinding } from './types';
import { offsetFinding } from './types';

// A small strict JSON parser that keeps the offsets of every key and value. It stops at the first
// syntax error, because what follows a JSON error is rarely what the user meant; the tree built so far
// is kept (its open containers reach to the end of the text) so that hover still works while typing.

class ParseStop extends Error {
  constructor(readonly finding: OffsetFinding) {
    super(finding.message);
  }
}

const LITERALS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };

function describeFound(token: JsonToken): string {
  if (token.kind === 'string') return `the string "${token.text}"`;
  return `\`${token.text}\``;
}

function describeWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower in LITERALS) return `\`${word}\` is not a JSON value; write \`${lower}\` in lower case.`;
  if (['nan', 'infinity', 'undefined'].includes(lower)) return `\`${word}\` is not a JSON value.`;
  return `\`${word}\` is not a JSON value; write text in double quotes: "${word}".`;
}

class JsonParser {
  private readonly scanner: JsonScanner;
  private token: JsonToken;
  /** A call, so that TypeScript does not narrow the token's kind across the calls that advance it. */
  private at(kind: JsonTokenKind): boolean {
    return this.token.kind === kind;
  }

  /** Set as soon as the root value starts, so that a stopped parse still has it. */
  root: LocatedNode | undefined;

  constructor(private readonly text: string) {
    this.scanner = new JsonScanner(text);
    this.token = this.read();
  }

  parse(): void {
    if (this.at('end')) return;
    this.value(1, (node) => {
      this.root = node;
    });
    if (!this.at('end')) {
      this.fail(
        this.token,
        `Unexpected ${describeFound(this.token)} after the end of the JSON value; a file holds one value.`,
      );
    }
  }

  private read(): JsonToken {
    const token = this.scanner.next();
    if (token.problem)
      throw new ParseStop(offsetFinding('error', 'syntax', token.problem, token.problem.message));
    return token;
  }

  private fail(span: Span, message: string): never {
    throw new ParseStop(offsetFinding('error', 'syntax', span, message));
  }

  private unexpected(expected: string): never {
    const { token } = this;
    if (token.kind === 'end') this.fail(token, `The file ends too early: expected ${expected}.`);
    this.fail(token, `Expected ${expected}; found ${describeFound(token)}.`);
  }

  /**
   * Parses one value. `attach` receives a container as soon as it opens, so that a parse stopped
   * inside it still leaves the container in the tree.
   */
  private value(depth: number, attach: (node: LocatedNode) => void): LocatedNode {
    const { token } = this;
    if (token.kind === '{' || token.kind === '[') {
      if (depth > MAX_NESTING_DEPTH) throw new ParseStop(tooDeepFinding(token.start));
      return token.kind === '{' ? this.object(depth, attach) : this.array(depth, attach);
    }
    const scalar = this.scalar(token);
    attach(scalar);
    this.token = this.read();
    return scalar;
  }

  private scalar(token: JsonToken): LocatedScalar {
    const span = { start: token.start, end: token.end };
    switch (token.kind) {
      case 'string': {
        const { text } = this;
        let offsets: number[] | undefined;
        const sourceOffset = (index: number): number => {
          offsets ??= jsonStringOffsets(text, token.start);
          return offsets[Math.min(index, offsets.length - 1)] ?? token.end;
        };
        return { kind: 'scalar', ...span, value: token.text, sourceOffset };
      }
      case 'number':
        return { kind: 'scalar', ...span, value: Number(token.text) };
      case 'word': {
        const literal = LITERALS[token.text];
        if (literal === undefined) this.fail(token, describeWord(token.text));
        return { kind: 'scalar', ...span, value: literal };
      }
      default:
        return this.unexpected('a value');
    }
  }

  private object(depth: number, attach: (node: LocatedNode) => void): LocatedObject {
    const entries: LocatedEntry[] = [];
    const object: { -readonly [K in keyof LocatedObject]: LocatedObject[K] } = {
      kind: 'object',
      start: this.token.start,
      end: this.text.length,
      entries,
    };
    attach(object);
    this.token = this.read();
    if (!this.at('}')) {
      for (;;) {
        const key = this.token;
        if (key.kind === 'word') this.fail(key, `A property name must be in double quotes: "${key.text}".`);
        if (key.kind !== 'string') {
          if (key.kind === '}' && entries.length > 0)
            this.fail(key, 'Trailing comma: remove the `,` before `}`.');
          this.unexpected('a property name in double quotes');
        }
        this.token = this.read();
        if (!this.at(':')) this.unexpected(`\`:\` after the property name "${key.text}"`);
        this.token = this.read();
        const keySpan = { start: key.start, end: key.end };
        this.value(depth + 1, (value) => entries.push({ key: key.text, keySpan, value }));
        if (this.at('}')) break;
        if (!this.at(',')) this.unexpected('`,` or `}` after a property value');
        const comma = this.token;
        this.token = this.read();
        if (this.at('}')) this.fail(comma, 'Trailing comma: remove the `,` before `}`.');
      }
    }
    object.end = this.token.end;
    this.token = this.read();
    return object;
  }

  private array(depth: number, attach: (node: LocatedNode) => void): LocatedArray {
    const items: LocatedNode[] = [];
    const array: { -readonly [K in keyof LocatedArray]: LocatedArray[K] } = {
      kind: 'array',
      start: this.token.start,
      end: this.text.length,
      items,
    };
    attach(array);
    this.token = this.read();
    if (!this.at(']')) {
      for (;;) {
        this.value(depth + 1, (item) => items.push(item));
        if (this.at(']')) break;
        if (!this.at(',')) this.unexpected('`,` or `]` after a list item');
        const comma = this.token;
        this.token = this.read();
        if (this.at(']')) this.fail(comma, 'Trailing comma: remove the `,` before `]`.');
      }
    }
    array.end = this.token.end;
    this.token = this.read();
    return array;
  }
}

export function parseJson(text: string): ParsedSyntax {
  let parser: JsonParser | undefined;
  try {
    parser = new JsonParser(text);
    parser.parse();
    return { root: parser.root, findings: [], broken: false };
  } catch (error) {
    if (!(error instanceof ParseStop)) throw error;
    return { root: parser?.root, findings: [error.finding], broken: true };
  }
}
