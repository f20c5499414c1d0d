import { JsonScanner } from './jsonScanner';
import type { JsonToken } from './jsonScanner';

// The first syntax error of a JSON text too large for the located parser, such as a dataset's annotation
// file: it builds no values, and keeps the open brackets on a stack instead of recursing, so that no depth
// of nesting can overflow the call stack.

export interface JsonSyntaxError {
  readonly offset: number;
  /** A lower-case clause, such as "expected ',' or ']', found `}`", for the caller to embed. */
  readonly message: string;
}

const LITERALS = new Set(['true', 'false', 'null']);

/** What may come next: a value, a property name, the colon after it, or what follows a complete value. */
type Expecting = 'value' | 'valueOrClose' | 'name' | 'nameOrClose' | 'colon' | 'afterValue';

const asClause = (sentence: string): string =>
  sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, '');

function unexpected(token: JsonToken, expected: string): JsonSyntaxError {
  if (token.kind === 'end')
    return { offset: token.start, message: `the file ends too early: expected ${expected}` };
  return { offset: token.start, message: `expected ${expected}, found \`${token.text}\`` };
}

const isScalar = (token: JsonToken): boolean =>
  token.kind === 'string' || token.kind === 'number' || (token.kind === 'word' && LITERALS.has(token.text));

/** Undefined when the text is valid JSON. A byte-order mark is an error, as it is to JSON.parse. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  if (text.startsWith('\uFEFF')) return { offset: 0, message: 'the file starts with a byte-order mark' };
  const scanner = new JsonScanner(text);
  const closers: ('}' | ']')[] = [];
  let expecting: Expecting = 'value';
  for (;;) {
    const token = scanner.next();
    if (token.problem) return { offset: token.problem.start, message: asClause(token.problem.message) };
    const closer = closers.at(-1);
    if ((expecting === 'valueOrClose' || expecting === 'nameOrClose') && token.kind === closer) {
      closers.pop();
      expecting = 'afterValue';
      continue;
    }
    switch (expecting) {
      case 'value':
      case 'valueOrClose':
        if (token.kind === '{' || token.kind === '[') {
          closers.push(token.kind === '{' ? '}' : ']');
          expecting = token.kind === '{' ? 'nameOrClose' : 'valueOrClose';
        } else if (isScalar(token)) expecting = 'afterValue';
        else return unexpected(token, expecting === 'value' ? 'a value' : `a value or '${String(closer)}'`);
        break;
      case 'name':
      case 'nameOrClose':
        if (token.kind !== 'string') return unexpected(token, 'a property name in double quotes');
        expecting = 'colon';
        break;
      case 'colon':
        if (token.kind !== ':') return unexpected(token, "':' after the property name");
        expecting = 'value';
        break;
      case 'afterValue':
        if (closer === undefined)
          return token.kind === 'end' ? undefined : unexpected(token, 'the end of the file');
        if (token.kind === closer) closers.pop();
        else if (token.kind === ',') expecting = closer === '}' ? 'name' : 'value';
        else return unexpected(token, `',' or '${closer}'`);
        break;
    }
  }
}
