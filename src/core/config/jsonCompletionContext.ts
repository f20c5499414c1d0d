import type { CompletionContext } from './completionContext';
import { JsonScanner } from './jsonScanner';
import type { JsonToken } from './jsonScanner';
import type { PathSegment, ScalarValue, Span } from './located';

// The completion context in JSON text, from a tolerant pass over its tokens: problems are skipped, and
// containers left open (`{"optimizer": {"`) are simply still open at the cursor.

interface Frame {
  readonly kind: 'object' | 'array';
  /** What the next token is expected to be. */
  expects: 'key' | 'colon' | 'value' | 'comma';
  /** Objects: the key whose value comes next or is being read. Arrays: the index of the next item. */
  key: string | undefined;
  index: number;
  readonly keys: Set<string>;
  readonly scalars: Map<string, ScalarValue>;
}

const openFrame = (kind: Frame['kind']): Frame => ({
  kind,
  expects: kind === 'object' ? 'key' : 'value',
  key: undefined,
  index: 0,
  keys: new Set(),
  scalars: new Map(),
});

const LITERALS: Readonly<Record<string, ScalarValue>> = { true: true, false: false, null: null };

function scalarOf(token: JsonToken): ScalarValue | undefined {
  if (token.kind === 'string') return token.text;
  if (token.kind === 'number') return Number(token.text);
  if (token.kind === 'word') return LITERALS[token.text];
  return undefined;
}

const segmentOf = (frame: Frame): PathSegment | undefined =>
  frame.kind === 'object' ? frame.key : frame.index;

interface Snapshot {
  readonly frames: readonly Frame[];
  readonly path: PathSegment[];
  readonly target: 'key' | 'value';
  readonly replace: Span;
  /** The token being typed, if the cursor is in one, so that it is not counted as a present key. */
  readonly typed?: JsonToken;
}

export function jsonCompletionContext(text: string, offset: number): CompletionContext | undefined {
  const scanner = new JsonScanner(text);
  const stack: Frame[] = [];
  let snapshot: Snapshot | undefined;
  let tokenAfterTyped: JsonToken | undefined;
  let seenCursor = false;

  const take = (frame: Frame | undefined, typed: JsonToken | undefined, start: number, end: number): void => {
    if (!frame || (frame.expects !== 'key' && frame.expects !== 'value')) return;
    const path: PathSegment[] = [];
    for (const ancestor of stack.slice(0, -1)) {
      const segment = segmentOf(ancestor);
      if (segment === undefined) return;
      path.push(segment);
    }
    const target = frame.expects === 'key' ? 'key' : 'value';
    if (target === 'value') {
      const segment = segmentOf(frame);
      if (segment === undefined) return;
      path.push(segment);
    }
    snapshot = { frames: [...stack], path, target, replace: { start, end }, typed };
  };

  for (let token = scanner.next(); ; token = scanner.next()) {
    if (!seenCursor && token.start >= offset) {
      // The cursor is between tokens (or at the start of this one, which is not a word being typed).
      seenCursor = true;
      take(stack[stack.length - 1], undefined, offset, offset);
    }
    if (
      !seenCursor &&
      token.start < offset &&
      offset <= token.end &&
      ['string', 'word', 'number'].includes(token.kind)
    ) {
      seenCursor = true;
      take(stack[stack.length - 1], token, token.start, token.end);
    } else if (snapshot?.typed && !tokenAfterTyped && token.start >= snapshot.typed.end) {
      tokenAfterTyped = token;
    }
    if (token.kind === 'end') break;
    step(stack, token, snapshot?.typed);
  }
  if (!snapshot) return undefined;
  const frame = snapshot.frames[snapshot.frames.length - 1];
  return {
    path: snapshot.path,
    target: snapshot.target,
    scalarsAlong: snapshot.frames.map((ancestor) => ancestor.scalars),
    presentKeys: frame?.keys ?? new Set(),
    replace: snapshot.replace,
    colonFollows: tokenAfterTyped?.kind === ':',
  };
}

/** Advances the frames past one token; the token being typed is not recorded as a key. */
function step(stack: Frame[], token: JsonToken, typed: JsonToken | undefined): void {
  const frame = stack[stack.length - 1];
  switch (token.kind) {
    case '{':
    case '[':
      stack.push(openFrame(token.kind === '{' ? 'object' : 'array'));
      return;
    case '}':
    case ']':
      stack.pop();
      valueDone(stack[stack.length - 1]);
      return;
    case ':':
      if (frame?.expects === 'colon') frame.expects = 'value';
      return;
    case ',':
      if (!frame) return;
      if (frame.kind === 'array' && frame.expects === 'comma') frame.index += 1;
      frame.expects = frame.kind === 'object' ? 'key' : 'value';
      return;
    default:
      break;
  }
  if (!frame) return;
  if (frame.kind === 'object' && frame.expects === 'key' && token.kind === 'string') {
    frame.key = token.text;
    if (token !== typed) frame.keys.add(token.text);
    frame.expects = 'colon';
    return;
  }
  const scalar = token === typed ? undefined : scalarOf(token);
  if (
    frame.expects === 'value' &&
    scalar !== undefined &&
    frame.kind === 'object' &&
    frame.key !== undefined
  ) {
    frame.scalars.set(frame.key, scalar);
  }
  valueDone(frame);
}

function valueDone(frame: Frame | undefined): void {
  if (frame?.expects === 'value') frame.expects = 'comma';
}
